"""12345 pages and API for the tiers: 区长信箱 among the channels, an 应急 enterprise ticket at the
top of the queue, the enterprise filter, 督办 / 提级 from the ticket page with the history shown,
and 改派 keeping the original due date on the page."""

import pytest
from django.test import Client

from tongban.hotline.models import Ticket

MARKET, HOUSING = "371302-SCJG", "371302-ZJ"
FORM = {"kind": "complaint", "category": "SC01", "channel": "mayor_mailbox", "caller_name": "王小明",
        "caller_phone": "13905391111", "content": "企业门前道路长期积水", "region": "371302"}


@pytest.fixture
def page_as(user):
    def make(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client
    return make


def test_intake_to_queue_to_escalation_history(page_as) -> None:
    centre = page_as("zhuren")
    assert "区长信箱" in centre.get("/hotline/intake/").content.decode()
    bad_uscc = centre.post("/hotline/intake/", {**FORM, "enterprise_uscc": "123", "enterprise_name": "某公司"})
    assert bad_uscc.status_code == 422 and "统一社会信用代码有误" in bad_uscc.content.decode()
    centre.post("/hotline/intake/", {**FORM, "content": "普通诉求"})
    created = centre.post("/hotline/intake/", {**FORM, "enterprise_uscc": "91110000600037341L",
                                              "enterprise_name": "某科技有限公司", "is_emergency": "1"})
    assert created.status_code == 302
    ticket = Ticket.objects.latest("id")
    assert (ticket.channel, ticket.is_emergency, ticket.is_enterprise) == ("mayor_mailbox", True, True)

    queue = centre.get("/hotline/").content.decode().split('data-testid="ticket-queue"')[1]
    assert queue.index(ticket.number) < queue.index(Ticket.objects.earliest("id").number)  # 应急 first
    only_firms = centre.get("/hotline/?enterprise=1").content.decode()
    assert ticket.number in only_firms and Ticket.objects.earliest("id").number not in only_firms

    centre.post(f"/hotline/tickets/{ticket.number}/transition/", {"action": "dispatch", "department": MARKET})
    refused = centre.post(f"/hotline/tickets/{ticket.number}/escalate/",
                          {"kind": "supervise", "level": "2", "reason": ""}, follow=True)
    assert "须写明理由" in refused.content.decode()
    centre.post(f"/hotline/tickets/{ticket.number}/escalate/", {"kind": "supervise", "level": "2",
                                                                "reason": "企业反映强烈"})
    centre.post(f"/hotline/tickets/{ticket.number}/escalate/", {"kind": "elevate", "level": "2",
                                                                "reason": "需住建、城管协同"})
    page = centre.get(f"/hotline/tickets/{ticket.number}/").content.decode()
    assert "重点督办" in page and "企业反映强烈" in page and "提级：区级统筹协调" in page and "需住建、城管协同" in page
    assert page.count('data-testid="escalation-row"') == 2
    # the department sees the history, not the forms
    department = page_as("shenpi").get(f"/hotline/tickets/{ticket.number}/").content.decode()
    assert "企业反映强烈" in department and 'data-testid="supervise-form"' not in department
    assert page_as("shenpi").post(f"/hotline/tickets/{ticket.number}/escalate/",
                                  {"kind": "supervise", "level": "3", "reason": "x"}).status_code == 403


def test_redispatch_shows_the_original_due_date(page_as) -> None:
    centre = page_as("zhuren")
    centre.post("/hotline/intake/", FORM)
    ticket = Ticket.objects.latest("id")
    centre.post(f"/hotline/tickets/{ticket.number}/transition/", {"action": "dispatch", "department": MARKET})
    due = Ticket.objects.get(pk=ticket.pk).due_at
    page_as("shenpi").post(f"/hotline/tickets/{ticket.number}/transition/", {"action": "return", "reason": "非本部门"})
    centre.post(f"/hotline/tickets/{ticket.number}/transition/", {"action": "redispatch", "department": HOUSING})
    assert Ticket.objects.get(pk=ticket.pk).due_at == due
    assert "改派、重办不重新计算" in centre.get(f"/hotline/tickets/{ticket.number}/").content.decode()


def test_supervise_api_and_queue_fields(page_as) -> None:
    centre = page_as("zhuren")
    created = centre.post("/api/v1/tickets", {**FORM, "is_emergency": True}, content_type="application/json")
    number = created.json()["number"]
    assert created.json()["is_emergency"] is True
    bad = centre.post(f"/api/v1/tickets/{number}/supervise", {"level": 9, "reason": "x"},
                      content_type="application/json")
    assert (bad.status_code, bad.json()["code"]) == (422, "hotline.supervision_level_invalid")
    done = centre.post(f"/api/v1/tickets/{number}/supervise", {"level": 1, "reason": "催办"},
                       content_type="application/json").json()
    assert [(row["kind"], row["level_label"], row["reason"]) for row in done["escalations"]] == [
        ("supervise", "一般督办", "催办")]
    rows = centre.get("/api/v1/tickets").json()["items"]
    assert rows[0]["number"] == number and rows[0]["is_emergency"] and rows[0]["supervision_level"] == 1
