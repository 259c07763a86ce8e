"""容缺 deadlines and 告知承诺 verification, with their consequences."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tongban.cases import services
from tongban.cases.constants import CommitmentKind, CommitmentStatus
from tongban.cases.models import Case
from tongban.catalog.models import Material
from tongban.core.errors import InvalidInput
from tongban.credit.models import CreditRecord
from tongban.credit.services import has_serious_dishonesty
from tongban.events.models import OutboxEvent

from tongban.cases.testing import png

from .conftest import at, submit_online


def accept(cw, case, now):
    return services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"),
                                    now=now)


def test_waiver_reminds_before_and_suspends_after_the_promised_date(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2), waive_second=True)  # promised by 2026-03-28 (Sat)
    accept(cw, case, at(2026, 3, 2))
    waiver = case.commitments.get(kind=CommitmentKind.WAIVER)
    assert (waiver.due_date, waiver.materials) == (date(2026, 3, 28), ["场所使用证明"])
    # the reminder comes when the due date is within 2 working days: on 3/25 the line is 3/27
    # (too early), on 3/26 it is 3/30 (3/28 falls inside) — and only once
    assert services.run_waiver_deadlines(now=at(2026, 3, 25)).reminded == 0
    assert services.run_waiver_deadlines(now=at(2026, 3, 26)).reminded == 1
    assert services.run_waiver_deadlines(now=at(2026, 3, 26)).reminded == 0
    assert OutboxEvent.objects.filter(topic="case.waiver_reminder").count() == 1
    # on the due date nothing happens yet; the day after, the case is suspended
    assert services.run_waiver_deadlines(now=at(2026, 3, 28)).suspended == 0
    report = services.run_waiver_deadlines(now=at(2026, 3, 29))
    assert report.suspended == 1
    assert Case.objects.get(pk=case.pk).status == "suspended"
    waiver.refresh_from_db()
    assert waiver.status == CommitmentStatus.BROKEN


def test_delivering_the_waived_materials_fulfils_the_commitment(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2), waive_second=True)
    accept(cw, case, at(2026, 3, 2))
    waiver = case.commitments.get(kind=CommitmentKind.WAIVER)
    upload = services.store_upload(name="场所证明.png", data=png(1), actor=cw.citizen, now=at(2026, 3, 5))
    services.deliver_waived_materials(actor=cw.citizen, case_number=case.number, commitment_id=waiver.id,
                                      files={"场所使用证明": upload.public_id}, now=at(2026, 3, 5))
    waiver.refresh_from_db()
    assert waiver.status == CommitmentStatus.FULFILLED
    assert services.run_waiver_deadlines(now=at(2026, 3, 30)).suspended == 0


def _completed_case(cw):
    case = submit_online(cw, at(2026, 3, 2))
    for actor, action in [(cw.clerk, "accept"), (cw.reviewer, "start_review")]:
        services.transition_case(actor=actor, case_number=case.number, command=services.Command(action),
                                 now=at(2026, 3, 3))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意",
                           now=at(2026, 3, 3))
    for actor, action in [(cw.reviewer, "approve"), (cw.reviewer, "deliver")]:
        services.transition_case(actor=actor, case_number=case.number, command=services.Command(action),
                                 now=at(2026, 3, 4))
    return Case.objects.get(pk=case.pk)


def test_a_broken_notification_commitment_revokes_the_result_and_records_dishonesty(cases_world):
    cw = cases_world
    case = _completed_case(cw)
    promise = case.commitments.get(kind=CommitmentKind.NOTIFICATION)
    assert promise.due_date == date(2026, 6, 2)  # verified within 3 months
    services.verify_commitment(actor=cw.head, case_number=case.number, commitment_id=promise.id, kept=False,
                               note="现场核查：经营场所与承诺不符", now=at(2026, 4, 1))
    assert Case.objects.get(pk=case.pk).status == "revoked"
    assert CreditRecord.objects.get().severity == "serious"
    assert has_serious_dishonesty(case.applicant_id_number)


def test_serious_dishonesty_excludes_commitments_and_waivers(cases_world):
    cw = cases_world
    _completed = _completed_case(cw)
    promise = _completed.commitments.get(kind=CommitmentKind.NOTIFICATION)
    services.verify_commitment(actor=cw.head, case_number=_completed.number, commitment_id=promise.id,
                               kept=False, note="承诺不实", now=at(2026, 4, 1))
    with pytest.raises(InvalidInput) as refused:
        submit_online(cw, at(2026, 4, 2))
    assert [e.code for e in refused.value.errors] == ["case.credit_excluded"]


def test_a_kept_commitment_needs_no_note_and_changes_nothing_else(cases_world):
    cw = cases_world
    case = _completed_case(cw)
    promise = case.commitments.get(kind=CommitmentKind.NOTIFICATION)
    services.verify_commitment(actor=cw.head, case_number=case.number, commitment_id=promise.id, kept=True,
                               note="", now=at(2026, 4, 1))
    assert Case.objects.get(pk=case.pk).status == "completed"
    assert CreditRecord.objects.count() == 0


# 容缺 date: at most case.waiver_max_working_days (20) working days ahead, never before today —
# today being the Beijing date, which at 07:30 Beijing time is a day after the UTC date.
EARLY_UTC = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 2026-03-02 07:30 in Beijing


def waiver_refusal(cw, due):
    materials = list(Material.objects.filter(version__item__implementation_code=cw.item_code).order_by("order"))
    upload = services.store_upload(name="申请书.png", data=png(7), actor=cw.citizen, now=EARLY_UTC)
    given = [services.MaterialInput(materials[0].id, "submitted", upload.public_id),
             services.MaterialInput(materials[1].id, "waived"), services.MaterialInput(materials[2].id, "shared_data")]
    try:
        services.submit_case(actor=cw.citizen, item_code=cw.item_code, applicant=services.applicant_for_account(cw.citizen),
                             channel="online", materials=given, now=EARLY_UTC,
                             commitment=services.CommitmentInput("张三", "本人承诺按期补交。", due_date=due))
    except InvalidInput as refused:
        return [(e.field, e.code) for e in refused.errors]
    return []


@pytest.mark.parametrize("due, problems", [
    (date(2026, 3, 2), []),  # today in Beijing
    (date(2026, 3, 1), [("commitment.due_date", "case.waiver_due_date_past")]),  # yesterday (the UTC date)
    (date(2026, 3, 30), []),  # the 20th working day after 3/2
    (date(2026, 3, 31), [("commitment.due_date", "case.waiver_due_date_too_late")]),  # the 21st
])
def test_the_waiver_date_is_checked_by_the_service_at_its_boundaries(cases_world, due, problems):
    assert waiver_refusal(cases_world, due) == problems


def test_the_api_refuses_a_past_waiver_date(cases_world):
    cw = cases_world
    client = Client()
    client.force_login(cw.citizen)
    materials = list(Material.objects.filter(version__item__implementation_code=cw.item_code).order_by("order"))
    file_id = client.post("/api/v1/cases/uploads", {"file": SimpleUploadedFile("a.png", png(8))}).json()["id"]
    body = {"item_code": cw.item_code, "materials": [
        {"material_id": materials[0].id, "provision": "submitted", "file_id": file_id},
        {"material_id": materials[1].id, "provision": "waived"},
        {"material_id": materials[2].id, "provision": "shared_data"}],
        "commitment": {"signed_name": "张三", "text": "本人承诺按期补交。", "due_date": "2020-01-01"}}
    response = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["case.waiver_due_date_past"]
    assert not Case.objects.exists()
