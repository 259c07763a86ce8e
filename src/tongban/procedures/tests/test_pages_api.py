"""Pages and API: the public list, the desk, a refused step answered with the gate's code."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tongban.accounts.models import Department, Region
from tongban.core.clock import local_date
from tongban.procedures import services

from .conftest import at, new_document, step, to_registered, walk_decision

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_refuses_a_short_comment_period_with_the_gate_code(unit):
    document = new_document(unit)
    response = _signed_in(unit).post(f"/api/v1/procedures/documents/{document.pk}/transitions", {
        "action": "open_consultation", "comment_start": "2099-03-02", "comment_end": "2099-03-20"},
        content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "procedures.comment_period_too_short"


def test_a_draft_is_not_found_for_the_public_and_other_departments(unit, user):
    document = new_document(unit)
    assert Client().get(f"/api/v1/procedures/documents/{document.pk}").status_code == 404
    assert _signed_in(user("shenpi_zj")).get(f"/procedures/documents/{document.pk}/").status_code == 404
    page = _signed_in(unit).get(f"/procedures/documents/{document.pk}/")
    assert page.status_code == 200 and "公开征求意见" in page.content.decode()


def test_published_documents_and_catalogue_on_the_public_page(unit, reviewer, leader):
    document, day = to_registered(unit, reviewer, leader, new_document(unit))
    effective = date.fromordinal(day.toordinal() + 30)
    document = step(unit, document, "publish", day, effective_on=effective,
                    expires_on=date(effective.year + 3, effective.month, effective.day - 1))
    step(unit, document, "file", day)
    page = Client().get(f"/procedures/?year={day.year}&quarter={(day.month - 1) // 3 + 1}").content.decode()
    assert page.count("LSDR-2026-SCJ001") == 2  # in force, and in the quarter's catalogue
    listed = Client().get("/api/v1/procedures/documents").json()["items"]
    assert [item["registration_number"] for item in listed] == ["LSDR-2026-SCJ001"]


def test_decision_page_walks_with_forms(unit, reviewer, leader):
    district = Region.objects.get(name="兰山区")
    decision = services.add_to_catalogue(actor=reviewer, region=district, year=2026, title="停车收费标准调整",
                                         undertaker=Department.objects.get(name="区市场监管局"), now=at(date(2026, 2, 2)))
    services.publish_catalogue(actor=reviewer, region=district, year=2026, now=at(date(2026, 2, 3)))
    assert "停车收费标准调整" in Client().get("/procedures/").content.decode()
    decision = walk_decision(unit, reviewer, leader, decision, until="submit_for_review")
    response = _signed_in(leader).get(f"/procedures/decisions/{decision.pk}/")
    assert response.status_code == 200 and "合法性审查" in response.content.decode()
    # the 司法局 passing on the day it was submitted gets the page back with the reason
    type(decision).objects.filter(pk=decision.pk).update(legality_submitted_on=local_date(timezone.now()))
    response = _signed_in(reviewer).post(f"/procedures/decisions/{decision.pk}/transition/",
                                         {"action": "pass_legality", "opinion": "合法"}, follow=True)
    assert "不少于 7 个工作日" in response.content.decode()


def test_desk_lists_what_the_unit_drafts(unit):
    document = new_document(unit)
    page = _signed_in(unit).get("/procedures/desk/").content.decode()
    assert document.title in page and "单位代码 SCJ" in page


def test_desk_creates_a_draft_from_the_form(unit):
    response = _signed_in(unit).post("/procedures/documents/new/", {"title": "兰山区个体工商户扶持办法",
                                                                    "year": "2026"})
    assert response.status_code == 302
    assert "兰山区个体工商户扶持办法" in _signed_in(unit).get(response["Location"]).content.decode()


def test_guarantee_check_api(unit):
    response = _signed_in(unit).post("/api/v1/procedures/guarantees/check", {
        "stake_percent": "34", "debt_amount": "1000", "requested_amount": "350", "net_assets_held": "10000",
        "capital_contributed": "10000"}, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["allowed"] is False
    assert body["refusals"][0]["code"] == "procedures.soe_counter_guarantee_required"
