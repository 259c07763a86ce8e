"""否决权上移: reviewers propose 不予受理 / 不予; a department head other than the proposer signs (签发)."""

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.models import AuditEntry
from tongban.cases import services
from tongban.cases.models import Case, WorkflowDefinition
from tongban.core.errors import Conflict, DomainError, Forbidden

from .conftest import at, submit_online

BASIS = "《中华人民共和国行政许可法》第三十八条第二款"


def step(actor, case, action, **details) -> Case:
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=at(2026, 3, 3))


def in_review(cw) -> Case:
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept")
    return step(cw.reviewer, case, "start_review")


def head_of(department, username: str) -> User:
    return User.objects.create_user(username=username, password="x", role=Role.DEPARTMENT_HEAD,
                                    department=department, region=department.region)


def test_a_reviewer_cannot_refuse_alone_and_only_proposes(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    with pytest.raises(Conflict):  # 不予受理 takes effect only from 待签发
        step(cw.reviewer, case, "reject", reason="不属于本机关职权范围", legal_basis=BASIS)
    case = step(cw.reviewer, case, "propose_rejection", reason="不属于本机关职权范围", legal_basis=BASIS)
    assert (case.status, case.decision) == ("rejection_pending", "")
    assert not case.notices.filter(kind="rejection").exists()  # nothing reaches the applicant yet
    with pytest.raises(Forbidden) as refused:
        step(cw.reviewer, case, "reject")
    assert refused.value.code == "case.role_not_allowed"


def test_the_head_signs_and_the_decision_carries_the_proposal(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.reviewer, case, "propose_rejection", reason="不属于本机关职权范围", legal_basis=BASIS)
    case = step(cw.head, case, "reject", reason="同意拟办意见")
    assert (case.status, case.decision, case.decision_reason, case.legal_basis) == (
        "not_accepted", "not_accepted", "不属于本机关职权范围", BASIS)
    notice = case.notices.get(kind="rejection")
    assert (notice.body["reason"], notice.body["legal_basis"]) == ("不属于本机关职权范围", BASIS)
    signed = AuditEntry.objects.get(stream=f"cases.case:{case.pk}", action="case.reject")
    assert (signed.after["note"], signed.after["proposed_by"]) == ("同意拟办意见", cw.reviewer.pk)


def test_a_head_cannot_sign_their_own_proposal(cases_world):
    cw = cases_world
    case = in_review(cw)
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(2026, 3, 3))
    case = step(cw.head, case, "propose_denial", reason="现场核查不符合条件", legal_basis=BASIS)
    with pytest.raises(Forbidden) as refused:
        step(cw.head, case, "deny")
    assert refused.value.code == "case.sign_off_by_other"
    case = step(head_of(cw.catalog.market, "fuju"), case, "deny")
    assert (case.status, case.decision) == ("denied", "denied")
    assert case.notices.filter(kind="denial").exists()


def test_a_head_of_another_department_cannot_sign(cases_world):
    cw = cases_world
    case = in_review(cw)
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(2026, 3, 3))
    case = step(cw.reviewer, case, "propose_denial", reason="现场核查不符合条件", legal_basis=BASIS)
    with pytest.raises(Forbidden) as refused:  # the co-department's head sees the case, yet cannot sign
        step(head_of(cw.catalog.housing, "zj_head"), case, "deny")
    assert refused.value.code == "case.lead_department_only"
    assert Case.objects.get(pk=case.pk).status == "denial_pending"


def test_the_head_returns_a_proposal_for_another_look(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.reviewer, case, "propose_rejection", reason="材料不符", legal_basis=BASIS)
    with pytest.raises(DomainError) as refused:
        step(cw.head, case, "return_proposal")
    assert refused.value.code == "case.reason_required"
    case = step(cw.head, case, "return_proposal", reason="申请材料齐全，应予受理")
    assert case.status == "submitted"
    case = step(cw.clerk, case, "accept")
    assert case.status == "accepted"


def test_the_signed_workflow_signs_approvals_too(cases_world):
    cw = cases_world
    case = in_review(cw)
    Case.objects.filter(pk=case.pk).update(workflow=WorkflowDefinition.objects.get(code="standard_signed"))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(2026, 3, 3))
    with pytest.raises(DomainError):
        step(cw.reviewer, case, "approve")  # no direct 准予 in this flow
    case = step(cw.reviewer, case, "propose_approval", reason="符合条件")
    assert case.status == "approval_pending"
    case = step(cw.head, case, "approve")
    assert (case.status, case.decision, case.decision_reason) == ("approved", "approved", "符合条件")


def test_the_head_is_asked_for_a_sign_off_note_not_a_review_opinion(cases_world):
    from django.test import Client

    cw = cases_world
    case = in_review(cw)
    Case.objects.filter(pk=case.pk).update(workflow=WorkflowDefinition.objects.get(code="standard_signed"))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(2026, 3, 3))
    step(cw.reviewer, case, "propose_approval", reason="符合条件")
    client = Client()
    client.force_login(cw.head)
    html = client.get(f"/cases/{case.number}/").content.decode()
    form = html[html.index('value="approve"'):]
    assert "签发意见（可选）" in form[:2000] and "审查意见" not in form[:2000]
