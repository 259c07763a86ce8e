"""领取: the exit-window clerk records who collected the result and that their ID was checked."""

import json

import pytest
from django.test import Client

from tongban.audit.models import AuditEntry
from tongban.cases import services
from tongban.cases.models import Case, CasePickup
from tongban.cases.services.pickups import PickupInput, id_number_digest
from tongban.core.checkdigits import make_id_number
from tongban.core.errors import DomainError

from .conftest import at, self_pickup, submit_online

AGENT_ID = make_id_number("371302", at(1980, 1, 2).date(), 35)


def step(actor, case, action, **details) -> Case:
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=at(2026, 3, 4))


def awaiting_pickup(cw) -> Case:
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept")
    step(cw.reviewer, case, "start_review")
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(2026, 3, 3))
    step(cw.reviewer, case, "approve")
    return step(cw.reviewer, case, "issue_result")


def refused(cw, case, pickup) -> DomainError:
    with pytest.raises(DomainError) as error:
        step(cw.clerk, case, "pick_up", pickup=pickup)
    assert Case.objects.get(pk=case.pk).status == "awaiting_pickup"
    assert not CasePickup.objects.exists()
    return error.value


def test_the_applicant_collects_in_person_and_only_a_masked_id_is_kept(cases_world):
    cw = cases_world
    case = step(cw.clerk, awaiting_pickup(cw), "pick_up", pickup=self_pickup(cw.citizen))
    assert case.status == "completed"
    record = CasePickup.objects.get(case=case)
    number = cw.citizen.id_number
    assert (record.collector_kind, record.collector_name, record.clerk, record.id_checked) == (
        "self", "张三", cw.clerk, True)
    assert record.id_number_masked == f"{number[:6]}********{number[-4:]}"
    assert record.id_number_digest == id_number_digest("resident_id", number)
    assert number not in json.dumps([getattr(record, f.attname) for f in CasePickup._meta.concrete_fields],
                                    default=str)
    entry = AuditEntry.objects.get(stream=f"cases.case:{case.pk}", action="case.pick_up")
    assert entry.after["pickup"] == {"collector_kind": "self", "collector_name": "张*", "id_type": "resident_id",
                                     "id_number": record.id_number_masked, "authorisation": ""}


def test_pickup_without_a_recorded_collector_is_refused(cases_world):
    cw = cases_world
    assert refused(cw, awaiting_pickup(cw), None).code == "case.collector_required"


@pytest.mark.parametrize("change, code, field", [
    ({"id_number": "wrong check digit"}, "case.collector_id_invalid", "pickup.id_number"),
    ({"id_number": AGENT_ID}, "case.collector_not_applicant", "pickup.id_number"),
    ({"id_checked": False}, "case.collector_id_unchecked", "pickup.id_checked"),
    ({"id_type": "passport", "id_number": "E12345678"}, "case.collector_not_applicant", "pickup.id_number"),
    ({"collector_name": " "}, "case.collector_required", "pickup.collector_name"),
])
def test_a_self_pickup_needs_the_applicants_own_checked_id(cases_world, change, code, field):
    cw = cases_world
    base = self_pickup(cw.citizen)
    if change.get("id_number") == "wrong check digit":
        change = {"id_number": base.id_number[:17] + ("1" if base.id_number[17] == "0" else "0")}
    pickup = PickupInput(**{**base.__dict__, **change})
    error = refused(cw, awaiting_pickup(cw), pickup)
    assert (error.code, error.field) == (code, field)


def test_an_agent_collects_with_the_authorisation(cases_world):
    cw = cases_world
    case = awaiting_pickup(cw)
    agent = PickupInput("agent", "李四", "resident_id", AGENT_ID, id_checked=True)
    assert refused(cw, case, agent).code == "case.authorisation_required"
    step(cw.clerk, case, "pick_up", pickup=PickupInput(**{**agent.__dict__, "authorisation": "授权委托书（张三，2026-03-03）"}))
    record = CasePickup.objects.get(case=case)
    assert (record.collector_kind, record.authorisation) == ("agent", "授权委托书（张三，2026-03-03）")


def test_the_api_records_the_pickup(cases_world):
    cw = cases_world
    case = awaiting_pickup(cw)
    client = Client()
    client.force_login(cw.clerk)
    path = f"/api/v1/cases/{case.number}/transitions"
    missing = client.post(path, json.dumps({"action": "pick_up"}), content_type="application/json")
    assert (missing.status_code, missing.json()["code"]) == (422, "case.collector_required")
    body = {"action": "pick_up", "pickup": {"collector_kind": "self", "collector_name": "张三",
                                            "id_type": "resident_id", "id_number": cw.citizen.id_number,
                                            "id_checked": True}}
    done = client.post(path, json.dumps(body), content_type="application/json")
    assert (done.status_code, done.json()["status"]) == (200, "completed")
    assert CasePickup.objects.get(case=case).collector_kind == "self"


def test_the_exit_window_pickup_page_checks_the_collector_and_the_case_shows_who_collected(cases_world):
    cw = cases_world
    case = awaiting_pickup(cw)
    clerk = Client()
    clerk.force_login(cw.clerk)
    exit_page = clerk.get("/cases/exit/").content.decode()
    assert f'href="/cases/{case.number}/pickup/"' in exit_page
    url = f"/cases/{case.number}/pickup/"
    form = clerk.get(url).content.decode()
    assert "核验领取人身份" in form and 'name="collector_id_number"' in form
    post = {"expected_version": str(case.row_version), "collector_kind": "self", "collector_name": "张三",
            "id_type": "resident_id", "collector_id_number": AGENT_ID, "id_checked": "on"}
    wrong = clerk.post(url, post)
    assert wrong.status_code == 422
    assert 'data-field="collector_id_number"' in wrong.content.decode()
    assert "领取人证件与申请人身份证号不符" in wrong.content.decode()
    done = clerk.post(url, {**post, "collector_id_number": cw.citizen.id_number})
    assert done["Location"] == "/cases/exit/"
    assert Case.objects.get(pk=case.pk).status == "completed"
    detail = clerk.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="pickup"' in detail and "申请人本人" in detail
    assert cw.citizen.id_number[:6] + "********" in detail and cw.citizen.id_number not in detail


def test_only_window_clerks_open_the_pickup_page(cases_world):
    cw = cases_world
    case = awaiting_pickup(cw)
    citizen = Client()
    citizen.force_login(cw.citizen)
    assert citizen.get(f"/cases/{case.number}/pickup/").status_code == 403
