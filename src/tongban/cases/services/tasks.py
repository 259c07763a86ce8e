"""并联审批 — each participating department gives its opinion; the lead department merges.

A co-department's 不同意 blocks 准予 (guard no_task_denied): the lead may only propose 不予, or
ask that department again (return_task), which opens its task anew with a fresh time limit.
"""

from datetime import date, datetime

from django.db import transaction

from tongban import workdays
from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import Department
from tongban.audit import services as audit
from tongban.core.clock import local_date
from tongban.core.errors import Conflict, Forbidden
from tongban.rules import rule_value

from .. import errors
from ..constants import TaskStatus
from ..models import Case, CaseTask
from .. import events as case_events

DECIDING_ROLES = (Role.REVIEWER, Role.DEPARTMENT_HEAD)


def task_due_date(case: Case, department_id: int, start: date) -> date:
    """The last day a co-department has for its opinion: the rule's working days after `start`
    (its override for that department or the item, else the district's); provisional in a year
    whose calendar is not published yet, as due dates are."""
    days = rule_value("case.co_department_task_working_days", on=start, region=case.region,
                      department=Department(pk=department_id), item=case.item)
    return workdays.provisional_add_working_days(start, days)[0]


def _in_co_review(case: Case) -> None:
    if not case.workflow.workflow.has_tag(case.status, "co_review"):
        raise Conflict("case.task_not_open", "办件不在审查阶段，不能出具或退回并联审批意见。")


@transaction.atomic
def complete_task(*, actor, case_number: str, approve: bool, opinion: str, now: datetime) -> CaseTask:
    """出具意见 — the actor's department finishes its sub-task of a case in review."""
    if actor.role not in DEPARTMENT_ROLES - {Role.INSPECTOR}:
        raise Forbidden("case.role_not_allowed", "只有部门审批人员可以出具并联审批意见。")
    case = Case.objects.select_for_update(of=("self",)).select_related("workflow").filter(number=case_number).first()
    task = CaseTask.objects.select_for_update().filter(case=case, department_id=actor.department_id).first() if case else None
    if task is None:
        raise errors.CASE_NOT_FOUND
    _in_co_review(case)
    if task.status != TaskStatus.PENDING:
        raise Conflict("case.task_done", "本部门已出具意见。")
    if not approve and not opinion.strip():
        raise errors.guard_failed("reason_required", "不同意须写明理由。", "opinion")
    task.status = TaskStatus.APPROVED if approve else TaskStatus.DENIED
    task.opinion, task.finished_by, task.finished_at = opinion.strip(), actor, now
    task.save(update_fields=["status", "opinion", "finished_by", "finished_at"])
    audit.record(target=case, actor=actor, action=case_events.TASK_COMPLETED, now=now,
                 after={"department": task.department_id, "status": task.status, "opinion": task.opinion})
    return task


@transaction.atomic
def return_task(*, actor, case_number: str, department_code: str, reason: str, now: datetime) -> CaseTask:
    """退回重新出具意见 — the lead department asks a co-department again (after a 不同意, or
    with new facts); its task is open again with a new time limit from today."""
    case = Case.objects.select_for_update(of=("self",)).select_related("workflow", "item", "region") \
        .filter(number=case_number).first()
    if case is None or actor.role not in DECIDING_ROLES or case.department_id != actor.department_id:
        raise errors.CASE_NOT_FOUND if case is None else errors.LEAD_DEPARTMENT_ONLY
    task = (CaseTask.objects.select_for_update().select_related("department")
            .filter(case=case, department__code=department_code, is_lead=False).first())
    if task is None:
        raise errors.guard_failed("unknown_task", "该部门不是本办件的并联审批协办部门。", "department")
    _in_co_review(case)
    if task.status == TaskStatus.PENDING:
        raise Conflict("case.task_pending", f"{task.department.name} 尚未出具意见，无需退回。")
    if not reason.strip():
        raise errors.guard_failed("reason_required", "退回须写明需重新审查的内容。", "reason")
    before = {"department": task.department_id, "status": task.status, "opinion": task.opinion}
    task.status, task.opinion, task.finished_by, task.finished_at = TaskStatus.PENDING, "", None, None
    task.due_date = task_due_date(case, task.department_id, local_date(now))
    task.save(update_fields=["status", "opinion", "finished_by", "finished_at", "due_date"])
    audit.record(target=case, actor=actor, action=case_events.TASK_RETURNED, now=now, before=before,
                 after={"department": task.department_id, "status": task.status, "reason": reason.strip(),
                        "due_date": task.due_date.isoformat()})
    return task
