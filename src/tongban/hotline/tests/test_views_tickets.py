"""12345 pages: intake with catalog guide links, department page hides a 举报 reporter, 404 for
another department, public stats with an SVG chart, and the seeded category tree."""

import pytest
from django.test import Client

from tongban.hotline.constants import PROTECTED_REPORTER
from tongban.hotline.models import Ticket, TicketCategory

MARKET = "371302-SCJG"


@pytest.fixture
def page_as(user):
    def make(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client
    return make


FORM = {"kind": "report", "category": "SC01", "channel": "phone", "caller_name": "王小明",
        "caller_phone": "13905391111", "content": "某超市销售过期食品", "region": "371302"}


def registered(page_as, **overrides) -> Ticket:
    response = page_as("zhuren").post("/hotline/intake/", {**FORM, **overrides})
    assert response.status_code == 302, response.content.decode()
    return Ticket.objects.latest("id")


@pytest.mark.django_db
def test_category_tree_is_seeded() -> None:
    assert TicketCategory.objects.get(code="SC01").parent.name == "市场监管"
    assert TicketCategory.objects.filter(parent__isnull=True).count() == 4


def test_intake_form_errors_by_field(page_as) -> None:
    response = page_as("zhuren").post("/hotline/intake/", {**FORM, "caller_phone": "x"})

    assert response.status_code == 422
    assert 'data-field="caller_phone"' in response.content.decode()
    assert Ticket.objects.count() == 0


def test_consult_answered_at_intake_is_closed(page_as) -> None:
    ticket = registered(page_as, kind="consult", answer="请参阅办事指南：http://testserver/catalog/X/")

    assert (ticket.status, ticket.reply) == ("closed", "请参阅办事指南：http://testserver/catalog/X/")


def test_report_page_hides_the_reporter_from_the_department(page_as) -> None:
    ticket = registered(page_as)
    page_as("zhuren").post(f"/hotline/tickets/{ticket.number}/transition/",
                           {"action": "dispatch", "department": MARKET, "expected_version": "1"})

    department_page = page_as("shenpi").get(f"/hotline/tickets/{ticket.number}/").content.decode()
    operator_page = page_as("zhuren").get(f"/hotline/tickets/{ticket.number}/").content.decode()

    assert PROTECTED_REPORTER in department_page
    assert "王" not in department_page.split('data-testid="caller">')[1].split("</dd>")[0]
    assert "1391111" not in department_page and "139****1111" not in department_page
    assert "王**" in operator_page and "139****1111" in operator_page
    assert page_as("shenpi_zj").get(f"/hotline/tickets/{ticket.number}/").status_code == 404


def test_the_confirmation_names_the_new_state_once(page_as) -> None:
    ticket = registered(page_as, kind="complaint")

    response = page_as("zhuren").post(f"/hotline/tickets/{ticket.number}/transition/",
                                      {"action": "dispatch", "department": MARKET, "expected_version": "1"},
                                      follow=True)

    html = response.content.decode()
    assert f"工单 {ticket.number} 当前状态：已派单。" in html and "已已" not in html


def test_stale_page_action_shows_the_message(page_as) -> None:
    ticket = registered(page_as, kind="complaint")

    response = page_as("zhuren").post(f"/hotline/tickets/{ticket.number}/transition/",
                                      {"action": "dispatch", "department": MARKET, "expected_version": "9"},
                                      follow=True)

    assert "已被他人处理" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == "registered"


def test_public_stats_page_has_table_and_svg(page_as) -> None:
    ticket = registered(page_as, kind="complaint")
    page_as("zhuren").post(f"/hotline/tickets/{ticket.number}/transition/",
                           {"action": "dispatch", "department": MARKET, "expected_version": "1"})

    html = Client().get("/hotline/stats/").content.decode()

    assert "<svg" in html and "区市场监管局" in html and 'id="hotline-stats"' in html


def test_queue_page_lists_department_tickets(page_as) -> None:
    ticket = registered(page_as, kind="complaint")
    page_as("zhuren").post(f"/hotline/tickets/{ticket.number}/transition/",
                           {"action": "dispatch", "department": MARKET, "expected_version": "1"})

    assert ticket.number in page_as("kezhang").get("/hotline/").content.decode()
    assert ticket.number not in page_as("kezhang_zj").get("/hotline/").content.decode()
