"""12345 API: contract, 举报 reporter protection, scope (404), stale versions (409), stats."""

import pytest
from django.test import Client

from tongban.hotline.constants import PROTECTED_REPORTER
from tongban.hotline.models import Ticket

MARKET = "371302-SCJG"
BODY = {"kind": "complaint", "category": "SC01", "channel": "phone", "caller_name": "王小明",
        "caller_phone": "13905391111", "content": "饭店后厨卫生脏乱", "region": "371302"}


@pytest.fixture
def as_(user):
    def make(username: str) -> Client:
        client = Client(enforce_csrf_checks=False)
        client.force_login(user(username))
        return client
    return make


def post(client: Client, url: str, body: dict):
    return client.post(f"/api/v1{url}", body, content_type="application/json")


def dispatched(as_, **overrides) -> dict:
    created = post(as_("zhuren"), "/tickets", {**BODY, **overrides})
    assert created.status_code == 201, created.content.decode()
    number = created.json()["number"]
    moved = post(as_("zhuren"), f"/tickets/{number}/transitions",
                 {"action": "dispatch", "department": MARKET, "expected_version": 1})
    assert moved.status_code == 200, moved.content.decode()
    return moved.json()


def test_operator_registers_and_sees_the_caller_masked(as_) -> None:
    response = post(as_("zhuren"), "/tickets", BODY)

    body = response.json()
    assert response.status_code == 201
    assert (body["caller_name"], body["caller_phone"]) == ("王**", "139****1111")
    assert (body["status"], body["status_label"], body["row_version"]) == ("registered", "已登记", 1)
    assert [a["action"] for a in body["actions"]] == ["dispatch", "answer_directly"]


def test_report_hides_the_reporter_from_the_department(as_) -> None:
    ticket = dispatched(as_, kind="report", content="某超市销售过期食品，举报人电话13800001111")

    seen = as_("shenpi").get(f"/api/v1/tickets/{ticket['number']}").json()

    assert (seen["caller_name"], seen["caller_phone"]) == (PROTECTED_REPORTER, PROTECTED_REPORTER)
    assert "13800001111" not in str(seen) and "王" not in seen["caller_name"]
    assert "138****1111" in seen["content"]


def test_another_department_gets_404(as_) -> None:
    ticket = dispatched(as_)

    response = as_("shenpi_zj").get(f"/api/v1/tickets/{ticket['number']}")
    moved = post(as_("shenpi_zj"), f"/tickets/{ticket['number']}/transitions", {"action": "accept"})

    assert (response.status_code, response.json()["code"]) == (404, "hotline.not_found")
    assert moved.status_code == 404
    assert Ticket.objects.get(number=ticket["number"]).status == "dispatched"


def test_stale_version_is_409_and_changes_nothing(as_) -> None:
    ticket = dispatched(as_)
    accepted = post(as_("shenpi"), f"/tickets/{ticket['number']}/transitions",
                    {"action": "accept", "expected_version": 2})

    stale = post(as_("kezhang"), f"/tickets/{ticket['number']}/transitions",
                 {"action": "return", "reason": "非本部门", "expected_version": 2})

    assert accepted.status_code == 200
    assert (stale.status_code, stale.json()["code"]) == (409, "hotline.concurrent_change")
    assert stale["Content-Type"] == "application/problem+json"
    assert Ticket.objects.get(number=ticket["number"]).row_version == 3


def test_department_queue_lists_only_own_tickets_with_keyset(as_) -> None:
    numbers = [dispatched(as_)["number"] for _ in range(3)]

    first = as_("shenpi").get("/api/v1/tickets?limit=2").json()
    second = as_("shenpi").get(f"/api/v1/tickets?limit=2&after={first['next_cursor']}").json()
    other = as_("shenpi_zj").get("/api/v1/tickets").json()

    assert [row["number"] for row in first["items"] + second["items"]] == numbers
    assert second["next_cursor"] is None
    assert other["items"] == []


def test_citizen_submits_online_and_reads_own_ticket(as_) -> None:
    created = post(as_("zhangsan"), "/tickets/online",
                   {"kind": "suggestion", "category": "ZW01", "content": "建议延长周末办事时间", "region": "371302"})

    body = created.json()
    assert created.status_code == 201
    assert (body["channel"], body["caller_name"]) == ("online", "张*")
    assert as_("zhangsan").get(f"/api/v1/tickets/{body['number']}").status_code == 200
    assert as_("lisi").get(f"/api/v1/tickets/{body['number']}").status_code == 404


def test_public_stats_by_department_and_month(as_) -> None:
    ticket = dispatched(as_)
    for body in ({"action": "accept"}, {"action": "reply", "reply": "已整改"}, {"action": "callback_satisfied"}):
        actor = "zhuren" if body["action"].startswith("callback") else "shenpi"
        assert post(as_(actor), f"/tickets/{ticket['number']}/transitions", body).status_code == 200

    stats = Client().get("/api/v1/hotline/stats").json()

    (row,) = stats["rows"]
    assert (row["department"], row["volume"], row["replied"], row["on_time_rate"], row["satisfaction_rate"]) == (
        "区市场监管局", 1, 1, 100.0, 100.0)
    assert stats["total"]["volume"] == 1
