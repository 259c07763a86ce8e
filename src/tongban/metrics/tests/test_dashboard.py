"""The dashboard page, its Excel exports and the API: scoped to the viewer, errors by the field."""

import json
from datetime import UTC, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.hotline.models import HotlineChannel
from tongban.metrics.aggregation import update_all

from .test_query import district  # noqa: F401


@pytest.fixture
def leader(district):  # noqa: F811
    cw, market, housing, town = district
    return User.objects.create_user(username="lingdao", password="x", role=Role.LEADER, region=market.region)


@pytest.mark.django_db
def test_a_department_head_sees_only_their_department(district, client):  # noqa: F811
    cw, market, housing, town = district
    client.force_login(cw.head)
    page = client.get("/metrics/", {"period": "2026-03"}).content.decode()
    assert "本部门指标看板" in page and "70.0%" in page and "69.9" not in page
    assert market.implementation_code in page  # a department head's rows are its items
    body = json.loads(client.get("/api/v1/metrics", {"period": "2026-03", "group_by": "department"}).content)
    assert [row["label"] for row in body["rows"]] == [market.department.name]
    online = next(c for c in body["total"]["cells"] if c["metric"] == "online_rate")
    assert (online["numerator"], online["denominator"], online["value"]) == (7, 10, "70.0")
    refused = client.get("/api/v1/metrics", {"period": "2026-03", "department": housing.code})
    assert refused.status_code == 403 and json.loads(refused.content)["code"] == "metrics.out_of_scope"


@pytest.mark.django_db
def test_a_leader_drills_from_towns_to_departments_and_exports_both_tables(leader, district, client):  # noqa: F811
    cw, market, housing, town = district
    client.force_login(leader)
    page = client.get("/metrics/", {"period": "2026-03", "group_by": "region"}).content.decode()
    assert "区领导指标看板" in page and "枣园镇" in page and "region=371302104" in page
    assert 'class="behind"' in page  # 枣园镇's 69.9 % is behind the 70 % target, in red
    drilled = client.get("/metrics/", {"period": "2026-03", "region": town.code, "group_by": "region"},
                         headers={"HX-Request": "true"})
    assert drilled.status_code == 200 and "<html" not in drilled.content.decode()  # htmx swaps the board only
    assert "枣园村" in drilled.content.decode()
    breakdown = load_workbook(BytesIO(client.get("/metrics/export.xlsx", {"period": "2026-03"}).content)).active
    assert [row[0] for row in breakdown.iter_rows(min_row=2, values_only=True)] == [  # in code order
        market.department.name, housing.name, "合计"]
    trend = load_workbook(BytesIO(client.get("/metrics/export.xlsx", {"period": "2026-03", "table": "trend"})
                                  .content)).active
    assert trend.max_row == 1 + 12 + 1  # header, twelve months, the total


@pytest.mark.django_db
def test_bad_input_is_shown_by_the_field_and_in_problem_json(leader, client):
    client.force_login(leader)
    page = client.get("/metrics/", {"period": "2026-13"})
    assert page.status_code == 200 and 'id="error-period"' in page.content.decode()
    for params, code in [({"period": "2026-13"}, "metrics.period_invalid"),
                         ({"region": "999999"}, "metrics.region_unknown"),
                         ({"group_by": "weather"}, "metrics.group_by_invalid"),
                         ({"metrics": "happiness"}, "metrics.metric_unknown"),
                         ({"channel": "pigeon"}, "metrics.channel_unknown")]:
        response = client.get("/api/v1/metrics", params)
        body = json.loads(response.content)
        assert response.status_code == 422 and response["Content-Type"].startswith("application/problem+json")
        assert body["code"] == code and body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["9999", "2100-01", "9999-12-31", "2099-Q4"])
def test_a_period_out_of_range_is_a_form_error_not_a_500(leader, client, period):
    # 9999's "next period" link was year 10000: date() raised and the page answered 500
    client.force_login(leader)
    page = client.get("/metrics/", {"period": period})
    if period == "2099-Q4":  # the last period there is: shown, without a link past it
        assert page.status_code == 200 and "2099年第4季度" in page.content.decode()
        assert "period=2100-Q1" not in page.content.decode()
        return
    assert page.status_code == 200 and 'id="error-period"' in page.content.decode()
    response = client.get("/api/v1/metrics", {"period": period})
    assert response.status_code == 422 and json.loads(response.content)["code"] == "metrics.period_invalid"


@pytest.mark.django_db
def test_a_town_supervisor_cannot_read_the_district(district, client):  # noqa: F811
    cw, market, housing, town = district
    supervisor = User.objects.create_user(username="zhuren_zy", password="x", role=Role.SUPERVISOR, region=town)
    client.force_login(supervisor)
    body = json.loads(client.get("/api/v1/metrics", {"period": "2026-03"}).content)
    assert body["region"] == town.code and body["group_by"] == "region"
    online = next(c for c in body["total"]["cells"] if c["metric"] == "online_rate")
    assert online["denominator"] == 1000
    assert client.get("/api/v1/metrics", {"region": market.region.code}).status_code == 403


@pytest.mark.django_db
def test_the_definitions_are_public(client):
    body = json.loads(client.get("/api/v1/metrics/definitions").content)
    online = next(d for d in body if d["code"] == "online_rate")
    assert online["target"] == "70" and "网上" in online["numerator"] and online["dimensions"]


@pytest.mark.django_db
def test_a_ticket_channel_is_a_filter_with_its_name(leader, client):
    HotlineChannel.objects.update_or_create(code="mayor_mail", defaults={"name": "区长信箱"})
    client.force_login(leader)
    page = client.get("/metrics/", {"period": "2026-03", "channel": "mayor_mail", "metrics": "ticket_on_time_rate"})
    assert page.status_code == 200 and "区长信箱" in page.content.decode()
    assert 'id="error-channel"' not in page.content.decode()
    assert client.get("/api/v1/metrics", {"channel": "mayor_mail"}).status_code == 200


@pytest.mark.django_db
def test_the_board_says_when_the_figures_were_last_updated(leader, client):
    client.force_login(leader)
    assert "尚未统计" in client.get("/metrics/", {"period": "2026-03"}).content.decode()
    update_all(now=datetime(2026, 3, 2, 1, 5, tzinfo=UTC))  # 09:05 Beijing time
    page = client.get("/metrics/", {"period": "2026-03"}).content.decode()
    assert "数据更新于 2026年3月2日 09:05" in page
    body = json.loads(client.get("/api/v1/metrics", {"period": "2026-03"}).content)
    assert body["updated_at"].startswith("2026-03-02T")
    catalog_only = client.get("/metrics/", {"period": "2026-03", "metrics": "online_capable_rate"})
    assert "数据更新于" not in catalog_only.content.decode()  # the catalog is read as it stands
