"""并联审批 — each participating department gives its opinion; the lead department merges."""

from datetime import datetime

from django.db import transaction

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.core.errors import Conflict, Forbidden

from .. import errors
from ..constants import TaskStatus
from ..history import record_case_event
from ..models import Case, CaseTask


@transaction.atomic
def complete_task(*, actor, case_number: str, approve: bool, opinion: str, now: datetime) -> CaseTask:
    """出具意见 — the actor's department finishes its sub-task of a case in review."""
    if actor.role not in DEPARTMENT_ROLES - {Role.INSPECTOR}:
        raise Forbidden("case.role_not_allowed", "只有部门审批人员可以出具并联审批意见。")
    case = Case.objects.select_for_update(of=("self",)).filter(number=case_number).first()
    task = CaseTask.objects.select_for_update().filter(case=case, department_id=actor.department_id).first() if case else None
    if task is None:
        raise errors.CASE_NOT_FOUND
    if case.status != "in_review":
        raise Conflict("case.task_not_open", "办件不在审查阶段，不能出具意见。")
    if task.status != TaskStatus.PENDING:
        raise Conflict("case.task_done", "本部门已出具意见。")
    if not approve and not opinion.strip():
        raise errors.guard_failed("reason_required", "不同意须写明理由。", "opinion")
    task.status = TaskStatus.APPROVED if approve else TaskStatus.DENIED
    task.opinion, task.finished_by, task.finished_at = opinion.strip(), actor, now
    task.save(update_fields=["status", "opinion", "finished_by", "finished_at"])
    record_case_event(case, actor=actor, action="case.task_completed", now=now,
                 after={"department": task.department_id, "status": task.status, "opinion": task.opinion})
    return task
