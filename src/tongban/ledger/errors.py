"""The ledger's refusals: stable code, Chinese message (problem+json / form error)."""

from tongban.core.errors import Conflict, DomainError, NotFound


def unreadable_plan(message: str) -> DomainError:
    return DomainError("ledger.unreadable_plan", message, field="file", status=422)


def plan_too_large() -> DomainError:
    return DomainError("ledger.plan_too_large", "文件过大（不超过 20 MB）", field="file", status=422)


def plan_not_draft() -> Conflict:
    return Conflict("ledger.plan_not_draft", "台账已发布，不能再修改提取结果")


def no_tasks() -> Conflict:
    return Conflict("ledger.no_tasks", "未提取到任何任务，无法发布")


def unknown_department() -> DomainError:
    return DomainError("ledger.unknown_department", "所选部门不存在或不在本区", field="department", status=422)


def not_your_task() -> NotFound:
    return NotFound("ledger.not_found", "任务不存在")


def empty_report() -> DomainError:
    return DomainError("ledger.empty_report", "请填写进展情况", field="text", status=422)


def bad_date() -> DomainError:
    return DomainError("ledger.bad_date", "日期格式应为 YYYY-MM-DD", field="deadline", status=422)
