"""规范性文件: the stages are gates, the numbers run per issuer and year, the periods are the seed's."""

from datetime import date

import pytest

from tongban.audit.models import AuditEntry
from tongban.core.errors import DomainError
from tongban.procedures import services
from tongban.procedures.models import NormativeDocument, SerialCounter
from tongban.workdays import add_working_days

from .conftest import at, new_document, step, to_legality_review, to_registered

pytestmark = pytest.mark.django_db


def refused(code: str):
    return pytest.raises(DomainError, match="") if code is None else _Refused(code)


class _Refused:
    def __init__(self, code: str):
        self.code = code

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        assert error is not None, f"expected {self.code}"
        assert isinstance(error, DomainError), error
        assert error.code == f"procedures.{self.code}", (error.code, error.message)
        self.error = error
        return True


def test_only_a_listed_unit_drafts(user):
    # given a reviewer of a department that is not on the issuer list (区行政审批服务局)
    outsider = user("shenhe")
    # when it tries to put a document on the plan, then it is refused
    with refused("not_an_issuer"):
        services.submit_plan_entry(actor=outsider, year=2026, title="某办法", now=at(date(2026, 3, 2)))


def test_the_whole_procedure_from_drafting_to_filing(unit, reviewer, leader):
    # given a document walked through every stage
    document, passed = to_registered(unit, reviewer, leader, new_document(unit))
    assert document.registration_number == "LSDR-2026-SCJ001"
    published = passed
    effective = date.fromordinal(published.toordinal() + 30)
    # when it is published 30 days before it takes effect, valid 5 years, and filed
    document = step(unit, document, "publish", published, effective_on=effective,
                    expires_on=date(effective.year + 5, effective.month, effective.day - 1))
    document = step(unit, document, "file", date.fromordinal(published.toordinal() + 30))
    # then it is in force, filed on time, and every step is in its audit chain
    assert document.status == "in_force" and not document.filed_late
    actions = list(AuditEntry.objects.filter(stream=f"procedures.normativedocument:{document.pk}")
                   .order_by("sequence").values_list("action", flat=True))
    assert actions[0] == "procedures.norm.create" and actions[-1] == "procedures.norm.file"
    assert "procedures.norm.register" in actions


@pytest.mark.parametrize(("enterprises", "days", "ok"), [
    (False, 19, False), (False, 20, True), (True, 29, False), (True, 30, True)])
def test_comment_period_boundary(unit, enterprises, days, ok):
    # given a document that does (or does not) affect enterprises
    document = new_document(unit, affects_enterprises=enterprises)
    start = date(2026, 3, 2)
    end = date.fromordinal(start.toordinal() + days - 1)
    # when the consultation is opened for `days` days (both ends counted)
    if ok:
        assert step(unit, document, "open_consultation", start, comment_start=start, comment_end=end).status \
            == "consultation"
    else:
        with refused("comment_period_too_short") as refusal:
            step(unit, document, "open_consultation", start, comment_start=start, comment_end=end)
        assert f"不少于 {30 if enterprises else 20} 日" in refusal.error.message


def test_consultation_cannot_close_before_it_ends(unit):
    document = new_document(unit)
    document = step(unit, document, "open_consultation", date(2026, 3, 2), comment_start=date(2026, 3, 2),
                    comment_end=date(2026, 3, 21))
    with refused("comment_period_running"):
        step(unit, document, "close_consultation", date(2026, 3, 21))
    assert step(unit, document, "close_consultation", date(2026, 3, 22)).status == "competition_review"


def test_pre_drafting_assessment_is_required_when_a_trigger_applies(unit):
    document = new_document(unit, assessment_triggers=["business_operations"])
    with refused("assessment_missing"):
        step(unit, document, "open_consultation", date(2026, 3, 2), comment_start=date(2026, 3, 2),
             comment_end=date(2026, 3, 21))


def test_missing_materials_and_fair_competition_review_are_named(unit):
    document = new_document(unit, affects_enterprises=True)
    document = step(unit, document, "open_consultation", date(2026, 3, 2), comment_start=date(2026, 3, 2),
                    comment_end=date(2026, 3, 31))
    document = step(unit, document, "close_consultation", date(2026, 4, 1))
    with refused("fair_competition_missing"):
        step(unit, document, "submit_for_review", date(2026, 4, 1))
    services.update_draft(actor=unit, document_id=document.pk, fair_competition_conclusion="无排除限制竞争",
                          materials=["application", "draft"], now=at(date(2026, 4, 1)))
    with refused("materials_missing") as refusal:
        step(unit, document, "submit_for_review", date(2026, 4, 1))
    assert "起草说明" in refusal.error.message and "企业和行业协会商会" in refusal.error.message


def test_legality_review_lasts_at_least_five_working_days(unit, reviewer):
    document, submitted = to_legality_review(unit, new_document(unit))
    with refused("legality_period_running"):
        step(reviewer, document, "pass_legality", add_working_days(submitted, 4), opinion="合法")
    assert step(reviewer, document, "pass_legality", add_working_days(submitted, 5), opinion="合法").status \
        == "deliberation"


def test_only_the_justice_bureau_passes_legality(unit, reviewer):
    document, submitted = to_legality_review(unit, new_document(unit))
    with refused("role_not_allowed"):
        step(unit, document, "pass_legality", add_working_days(submitted, 5), opinion="合法")


def test_a_document_that_skipped_legality_review_cannot_be_numbered(unit, reviewer):
    # given a document put into 已审议 by other means, without any 合法性审核
    document = new_document(unit)
    NormativeDocument.objects.filter(pk=document.pk).update(status="deliberated", deliberated_on=date(2026, 3, 2))
    # when the 司法局 registers it, then it is refused and no serial is drawn
    with refused("legality_review_missing"):
        step(reviewer, document, "register", date(2026, 3, 3))
    assert not SerialCounter.objects.filter(issuer=document.issuer).exists()
    assert NormativeDocument.objects.get(pk=document.pk).registration_number is None


def test_numbering_restarts_each_year_and_never_skips(unit, reviewer):
    issuer = services.issuer_of(unit)
    from django.db import transaction
    with transaction.atomic():
        numbers = [services.next_registration_number(issuer, 2025) for _ in range(2)]
    numbers.append(services.next_registration_number(issuer, 2026))
    numbers.append(services.next_registration_number(issuer, 2026))
    assert numbers == ["LSDR-2025-SCJ001", "LSDR-2025-SCJ002", "LSDR-2026-SCJ001", "LSDR-2026-SCJ002"]


def test_registration_across_the_year_boundary_restarts_at_001(unit, reviewer, leader):
    first = new_document(unit, on=date(2025, 11, 3))
    first, _ = to_legality_review(unit, first, start=date(2025, 11, 3))
    first = step(reviewer, first, "pass_legality", date(2025, 12, 15), opinion="合法")
    first = step(leader, first, "deliberate", date(2025, 12, 16), meeting="常务会议")
    assert step(reviewer, first, "register", date(2025, 12, 31)).registration_number == "LSDR-2025-SCJ001"
    second, passed = to_registered(unit, reviewer, leader, new_document(unit))
    assert second.registration_number == "LSDR-2026-SCJ001"


@pytest.mark.parametrize(("gap", "ok"), [(29, False), (30, True)])
def test_effective_date_at_least_thirty_days_after_publication(unit, reviewer, leader, gap, ok):
    document, day = to_registered(unit, reviewer, leader, new_document(unit))
    effective = date.fromordinal(day.toordinal() + gap)
    expires = date(effective.year + 3, effective.month, effective.day)
    if ok:
        assert step(unit, document, "publish", day, effective_on=effective, expires_on=expires).status == "published"
    else:
        with refused("effective_too_soon"):
            step(unit, document, "publish", day, effective_on=effective, expires_on=expires)
        # unless the document states why it takes effect at once
        assert step(unit, document, "publish", day, effective_on=effective, expires_on=expires,
                    immediate_reason="执行上级紧急决定").status == "published"


@pytest.mark.parametrize(("trial", "years", "ok"), [(False, 6, False), (False, 5, True), (False, 2, False),
                                                     (True, 2, True), (True, 3, False)])
def test_validity_three_to_five_years_trial_one_to_two(unit, reviewer, leader, trial, years, ok):
    document, day = to_registered(unit, reviewer, leader, new_document(unit, is_trial=trial))
    effective = date.fromordinal(day.toordinal() + 30)
    expires = date.fromordinal(date(effective.year + years, effective.month, effective.day).toordinal() - 1)
    if ok:
        step(unit, document, "publish", day, effective_on=effective, expires_on=expires)
    else:
        with refused("validity_out_of_range"):
            step(unit, document, "publish", day, effective_on=effective, expires_on=expires)


def _in_force(unit, reviewer, leader, *, years: int = 3):
    document, day = to_registered(unit, reviewer, leader, new_document(unit))
    effective = date.fromordinal(day.toordinal() + 30)
    expires = date.fromordinal(date(effective.year + years, effective.month, effective.day).toordinal() - 1)
    document = step(unit, document, "publish", day, effective_on=effective, expires_on=expires)
    return step(unit, document, "file", day)


def test_late_filing_is_flagged(unit, reviewer, leader):
    document, day = to_registered(unit, reviewer, leader, new_document(unit))
    effective = date.fromordinal(day.toordinal() + 30)
    document = step(unit, document, "publish", day, effective_on=effective,
                    expires_on=date(effective.year + 3, effective.month, effective.day - 1))
    assert step(unit, document, "file", date.fromordinal(day.toordinal() + 31)).filed_late


def test_expiry_alert_in_the_last_six_months_and_cleanup(unit, reviewer, leader):
    document = _in_force(unit, reviewer, leader)
    before_window = date.fromordinal(document.expires_on.toordinal() - 200)
    assert document not in [d for d, _ in services.expiry_alerts(before_window)]
    inside = date.fromordinal(document.expires_on.toordinal() - 100)
    assert [(d.pk, done) for d, done in services.expiry_alerts(inside)] == [(document.pk, False)]
    document = step(unit, document, "evaluate", inside, evaluation="继续执行")
    assert [(d.pk, done) for d, done in services.expiry_alerts(inside)] == [(document.pk, True)]
    document = step(unit, document, "revise", inside, reason="部分条款与上位法不一致")
    assert document.status == "drafting" and document.registration_number is None


def test_expiry_job_and_still_valid_refusal(unit, reviewer, leader):
    document = _in_force(unit, reviewer, leader)
    with refused("still_valid"):
        step(reviewer, document, "expire", document.expires_on)
    assert services.expire_documents(at(date.fromordinal(document.expires_on.toordinal() + 1))) == [document.pk]
    assert NormativeDocument.objects.get(pk=document.pk).status == "expired"


def test_quarterly_catalogue_lists_filed_documents(unit, reviewer, leader):
    document = _in_force(unit, reviewer, leader)
    quarter = (document.filed_on.month - 1) // 3 + 1
    assert list(services.quarterly_catalogue(document.filed_on.year, quarter)) == [document]
    assert list(services.quarterly_catalogue(document.filed_on.year, quarter % 4 + 1)) == []


def test_review_request_due_in_sixty_days_extended_once_by_thirty(unit, reviewer, leader, user):
    document = _in_force(unit, reviewer, leader)
    citizen = user("zhangsan")
    request = services.request_review(actor=citizen, document_id=document.pk, content="第五条违法设定收费",
                                      now=at(date(2026, 6, 1)))
    assert request.due_on == date(2026, 7, 31)
    request = services.extend_review(actor=reviewer, request_id=request.pk, reason="情况复杂", now=at(date(2026, 7, 1)))
    assert request.due_on == date(2026, 8, 30)
    with refused("review_extension_used"):
        services.extend_review(actor=reviewer, request_id=request.pk, reason="再延", now=at(date(2026, 7, 2)))
    request = services.answer_review(actor=reviewer, request_id=request.pk, answer="未发现违法", now=at(date(2026, 8, 1)))
    assert request.answered_on == date(2026, 8, 1)
