"""A case from online submission through 补正, acceptance, parallel review, decision and pickup."""

from datetime import date

import pytest

from tongban.audit.models import AuditEntry
from tongban.cases import services
from tongban.cases.constants import CommitmentKind
from tongban.cases.models import Case
from tongban.core.errors import Conflict, DomainError, Forbidden
from tongban.events.models import OutboxEvent

from .conftest import at, self_pickup, submit_online


def step(cw, actor, case, action, now, **details):
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=now)


def test_online_case_runs_the_whole_loop(cases_world):
    cw = cases_world
    # given an online application pre-checked complete, with a commitment replacing one proof
    case = submit_online(cw, at(2026, 2, 9))
    assert (case.status, case.channel, case.form_data["precheck"]["passed"]) == ("submitted", "online", True)
    assert case.commitments.get().kind == CommitmentKind.NOTIFICATION
    # when the window asks for 补正 listing everything at once, and the applicant resubmits
    case = step(cw, cw.clerk, case, "request_correction", at(2026, 2, 9),
                materials=("申请书须加盖公章", "补充法定代表人身份证明"))
    assert case.status == "intake_correction" and case.is_paused
    notice = case.notices.get(kind="correction")
    assert notice.body["materials"] == ["申请书须加盖公章", "补充法定代表人身份证明"]
    case = step(cw, cw.citizen, case, "resubmit", at(2026, 2, 10))
    # then acceptance starts the clock: 5 working days across the Spring Festival
    case = step(cw, cw.clerk, case, "accept", at(2026, 2, 13))
    assert (case.accepted_on, case.due_date) == (date(2026, 2, 13), date(2026, 2, 27))
    assert sorted(t.department.code for t in case.tasks.all()) == ["371302-SCJG", "371302-ZJ"]
    # the lead cannot decide before the co-department has given its opinion (并联审批 merge)
    case = step(cw, cw.reviewer, case, "start_review", at(2026, 2, 24))
    with pytest.raises(DomainError) as pending:
        step(cw, cw.reviewer, case, "approve", at(2026, 2, 24))
    assert pending.value.code == "case.parallel_tasks_pending"
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="符合规划",
                           now=at(2026, 2, 24))
    case = step(cw, cw.reviewer, case, "approve", at(2026, 2, 25))
    assert case.decision == "approved" and case.notices.filter(kind="approval").exists()
    assert OutboxEvent.objects.filter(topic="case.decided", payload__case_number=case.number).count() == 1
    # the result goes to the exit window and is picked up
    case = step(cw, cw.reviewer, case, "issue_result", at(2026, 2, 25))
    case = step(cw, cw.clerk, case, "pick_up", at(2026, 2, 26), pickup=self_pickup(cw.citizen))
    assert case.status == "completed" and case.picked_up_at is not None
    actions = list(AuditEntry.objects.filter(stream=f"cases.case:{case.pk}").order_by("sequence")
                   .values_list("action", flat=True))
    assert actions == ["case.submitted", "case.request_correction", "case.resubmit", "case.accept",
                       "case.start_review", "case.task_completed", "case.approve", "case.issue_result",
                       "case.pick_up"]


def test_the_window_cannot_refuse(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    with pytest.raises(Forbidden) as refused:
        step(cw, cw.clerk, case, "propose_rejection", at(2026, 3, 2), reason="材料不符",
             legal_basis="《行政许可法》第三十二条")
    assert refused.value.code == "case.window_cannot_refuse"
    case = step(cw, cw.reviewer, case, "propose_rejection", at(2026, 3, 2), reason="不属于本机关职权范围",
                legal_basis="《行政许可法》第三十二条第一款第（二）项")
    case = step(cw, cw.head, case, "reject", at(2026, 3, 2))
    assert case.status == "not_accepted" and case.notices.filter(kind="rejection").exists()


def test_refusal_needs_reason_and_legal_basis(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    with pytest.raises(DomainError) as refused:
        step(cw, cw.reviewer, case, "propose_rejection", at(2026, 3, 2), reason="不符合条件")
    assert (refused.value.code, refused.value.field) == ("case.legal_basis_required", "legal_basis")
    case.refresh_from_db()
    assert case.status == "submitted" and case.row_version == 0


def test_a_stale_version_loses_and_is_told_the_current_state(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw, cw.clerk, case, "accept", at(2026, 3, 2), expected_version=0)
    with pytest.raises(Conflict) as lost:
        step(cw, cw.reviewer, case, "request_correction", at(2026, 3, 2), expected_version=0, materials=("x",))
    assert lost.value.code == "case.concurrent_change"
    assert "已受理" in lost.value.message


def test_an_action_not_allowed_from_the_current_state_is_409(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    with pytest.raises(Conflict) as refused:
        step(cw, cw.reviewer, case, "approve", at(2026, 3, 2))
    assert refused.value.code == "case.transition_not_allowed"


def test_a_case_keeps_the_catalog_version_it_was_filed_under(cases_world):
    from tongban.catalog import services as catalog
    from tongban.catalog.tests.conftest import make_guide

    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    world = cw.catalog
    item = case.item
    draft = catalog.start_revision(actor=world.market_editor, item=item, now=at(2026, 3, 3))
    catalog.save_draft(actor=world.market_editor, version=draft, guide=make_guide(promised_limit=3),
                       expected_revision=draft.revision, now=at(2026, 3, 3))
    catalog.submit_version(actor=world.market_editor, version=draft, now=at(2026, 3, 3))
    catalog.publish_version(actor=world.reviewer, version=draft, now=at(2026, 3, 3))
    case = step(cw, cw.clerk, case, "accept", at(2026, 3, 4))
    assert case.item_version.number == 1
    assert case.due_date == date(2026, 3, 11)  # 5 working days of version 1, not 3 of version 2


def test_other_departments_and_other_citizens_cannot_see_the_case(cases_world):
    from tongban.accounts.models import User

    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    stranger = User.objects.create_user(username="lisi", password="x", role="citizen")
    with pytest.raises(DomainError) as hidden:
        step(cw, stranger, case, "withdraw", at(2026, 3, 2))
    assert hidden.value.code == "case.not_found"
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_a_co_department_gives_its_opinion_but_never_decides(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw, cw.clerk, case, "accept", at(2026, 3, 2))
    step(cw, cw.reviewer, case, "start_review", at(2026, 3, 3))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意",
                           now=at(2026, 3, 3))
    with pytest.raises(Forbidden) as refused:
        step(cw, cw.housing_reviewer, case, "approve", at(2026, 3, 3))
    assert refused.value.code == "case.lead_department_only"
    assert Case.objects.get(pk=case.pk).status == "in_review"


def test_the_timeline_names_each_step_by_the_state_it_was_taken_from(cases_world):
    from tongban.cases.presenters import timeline_payload

    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw, cw.clerk, case, "request_correction", at(2026, 3, 2), materials=("申请书",))
    step(cw, cw.citizen, case, "resubmit", at(2026, 3, 3))
    step(cw, cw.clerk, case, "accept", at(2026, 3, 3))
    step(cw, cw.reviewer, case, "start_review", at(2026, 3, 4))
    step(cw, cw.reviewer, case, "request_correction", at(2026, 3, 4), materials=("场所证明",))
    labels = [row["label"] for row in timeline_payload(Case.objects.get(pk=case.pk))]
    assert labels == ["提交申请", "一次性告知补正", "补正后重新提交", "受理", "开始审查", "审查中补正"]
