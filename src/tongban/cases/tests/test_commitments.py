"""容缺 deadlines and 告知承诺 verification, with their consequences."""

from datetime import date

import pytest

from tongban.cases import services
from tongban.cases.constants import CommitmentKind, CommitmentStatus
from tongban.cases.models import Case
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
