"""The dashboard reads the daily counts: a month against its targets, scoped to the viewer."""

import json
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.catalog.models import ServiceItem
from tongban.metrics.dashboard import month_metrics
from tongban.metrics.models import DailyCaseCount


def counts(item, day, channel, department=None, **values):
    return DailyCaseCount.objects.create(day=day, department=department or item.department, region=item.region,
                                         item=item, channel=channel, **values)


@pytest.fixture
def two_departments(cases_world):
    """Market: 7 of 10 online (70.0 %), 19 of 20 on time (95.0 %). Housing: 699 of 1000 online (69.9 %)."""
    market = ServiceItem.objects.get(implementation_code=cases_world.item_code)
    counts(market, date(2026, 3, 2), "online", submitted=4, online_submitted=4)
    counts(market, date(2026, 3, 31), "mobile", submitted=3, online_submitted=3,
           completed=20, completed_timed=20, completed_on_time=19)
    counts(market, date(2026, 3, 15), "window", submitted=3)
    counts(market, date(2026, 4, 1), "window", submitted=50)  # next month: not counted in March
    housing = cases_world.catalog.housing  # counted against another department (the key allows it)
    counts(market, date(2026, 3, 10), "online", department=housing, submitted=1000, online_submitted=699)
    return cases_world, market, housing


def rate(row, code):
    return next(v for v in row.values if v.metric.code == code)


@pytest.mark.django_db
def test_month_metrics_by_hand(two_departments):
    cw, market, housing = two_departments
    total, *rows = month_metrics(date(2026, 3, 1))
    by_name = {row.name: row for row in rows}
    market_row = by_name[market.department.name]
    assert str(rate(market_row, "online_rate").value) == "70.0" and rate(market_row, "online_rate").meets
    assert str(rate(market_row, "on_time_rate").value) == "95.0"
    housing_row = by_name[housing.name]
    assert str(rate(housing_row, "online_rate").value) == "69.9" and rate(housing_row, "online_rate").meets is False
    assert rate(housing_row, "on_time_rate").value is None  # nothing completed: "—", no division by zero
    # total: (7 + 699) / (10 + 1000) = 706 / 1010 = 69.90… → 69.9
    assert str(rate(total, "online_rate").value) == "69.9"


@pytest.mark.django_db
def test_an_empty_month_shows_dashes(two_departments, client):
    cw, *_ = two_departments
    client.force_login(cw.head)
    page = client.get("/metrics/", {"month": "2025-01"}).content.decode()
    assert "本月没有办件" in page and "—" in page and "ZeroDivision" not in page


@pytest.mark.django_db
def test_a_department_head_sees_only_their_department(two_departments, client):
    cw, market, housing = two_departments
    assert cw.head.department_id == market.department_id
    client.force_login(cw.head)
    response = client.get("/metrics/", {"month": "2026-03"})
    page = response.content.decode()
    assert response.status_code == 200
    assert market.department.name in page and housing.name not in page
    assert "69.9" not in page and "70.0%" in page
    api = client.get("/api/v1/metrics/cases", {"month": "2026-03"})
    body = json.loads(api.content)
    assert [group["name"] for group in body["groups"]] == [market.department.name]
    assert body["total"]["counts"]["submitted"] == 10
    export = client.get("/metrics/export.xlsx", {"month": "2026-03"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [market.department.name, "合计"]


@pytest.mark.django_db
def test_a_supervisor_sees_every_department_and_behind_is_red(two_departments, client):
    cw, market, housing = two_departments
    supervisor = User.objects.create_user(username="zhuren_t", password="x", role=Role.SUPERVISOR)
    client.force_login(supervisor)
    page = client.get("/metrics/", {"month": "2026-03"}).content.decode()
    assert market.department.name in page and housing.name in page
    assert 'class="behind"' in page and "69.9%" in page


@pytest.mark.django_db
def test_the_api_refuses_a_malformed_month(two_departments, client):
    client.force_login(two_departments[0].head)
    response = client.get("/api/v1/metrics/cases", {"month": "2026-13"})
    assert response.status_code == 422
