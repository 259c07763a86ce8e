"""并联审批: a co-department's 不同意 blocks 准予; its task has its own limit and card; the lead may ask again."""

from datetime import date

import pytest
from django.test import Client

from tongban.cases import services
from tongban.cases.models import Case, CaseTask
from tongban.core.errors import Conflict, DomainError

from .conftest import at, submit_online


def step(actor, case, action, now=None, **details) -> Case:
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=now or at(2026, 3, 3))


def in_review(cw, accepted=None) -> Case:
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept", accepted or at(2026, 3, 2))
    return step(cw.reviewer, case, "start_review", accepted or at(2026, 3, 2))


def test_a_co_department_disagreeing_blocks_approval_but_not_a_refusal(cases_world):
    cw = cases_world
    case = in_review(cw)
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=False,
                           opinion="不符合规划条件", now=at(2026, 3, 3))
    with pytest.raises(DomainError) as blocked:
        step(cw.reviewer, case, "approve")
    assert blocked.value.code == "case.parallel_task_denied"
    assert "区住房城乡建设局 不同意" in blocked.value.message
    case = step(cw.reviewer, case, "propose_denial", reason="住建部门不同意：不符合规划条件", legal_basis="某条例")
    assert case.status == "denial_pending"


def test_the_lead_asks_the_co_department_again_and_may_then_approve(cases_world):
    cw = cases_world
    case = in_review(cw)
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=False,
                           opinion="缺少规划许可", now=at(2026, 3, 3))
    housing = cw.catalog.housing.code
    with pytest.raises(DomainError):  # a co-department cannot ask itself again
        services.return_task(actor=cw.housing_reviewer, case_number=case.number, department_code=housing,
                             reason="x", now=at(2026, 3, 4))
    task = services.return_task(actor=cw.reviewer, case_number=case.number, department_code=housing,
                                reason="申请人已补充规划许可，请重新审查", now=at(2026, 3, 4))
    assert (task.status, task.opinion, task.due_date) == ("pending", "", date(2026, 3, 9))  # 3 working days
    with pytest.raises(Conflict):  # nothing to return while it is pending
        services.return_task(actor=cw.reviewer, case_number=case.number, department_code=housing,
                             reason="x", now=at(2026, 3, 4))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True,
                           opinion="符合规划", now=at(2026, 3, 5))
    case = step(cw.reviewer, case, "approve", at(2026, 3, 5))
    assert case.status == "approved"


def test_a_co_department_task_is_due_three_working_days_after_acceptance(cases_world):
    cw = cases_world
    case = in_review(cw, accepted=at(2026, 3, 6))  # a Friday
    co = CaseTask.objects.get(case=case, is_lead=False)
    lead = CaseTask.objects.get(case=case, is_lead=True)
    assert (co.due_date, lead.due_date) == (date(2026, 3, 11), None)


@pytest.mark.parametrize(("today", "card"), [(date(2026, 3, 6), "normal"), (date(2026, 3, 9), "yellow"),
                                             (date(2026, 3, 11), "yellow"), (date(2026, 3, 12), "red")])
def test_the_co_department_queue_shows_the_card_of_its_own_limit(cases_world, monkeypatch, today, card):
    cw = cases_world
    case = in_review(cw, accepted=at(2026, 3, 6))  # the housing task is due 2026-03-11
    from tongban.cases.views import staff as views_staff
    monkeypatch.setattr(views_staff, "local_today", lambda now: today)
    client = Client()
    client.force_login(cw.housing_reviewer)
    page = client.get("/cases/queue/").content.decode()
    row = page[page.index('data-testid="pending-task"'):]
    assert case.number in row and "本部门意见期限 2026-03-11" in row
    assert f'class="badge {card}"' in row[:row.index("</li>")]
