"""Stable error codes of 监管 (problem+json `code`, Chinese `detail`)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

PLAN_NOT_FOUND = NotFound("supervision.plan_not_found", "未找到该抽查计划，或不在您的职责范围内。")
INSPECTION_NOT_FOUND = NotFound("supervision.inspection_not_found", "未找到该检查任务，或不在您的职责范围内。")
TASK_NOT_FOUND = NotFound("supervision.task_not_found", "未找到该审管联动事项，或不在您的职责范围内。")
CLUE_NOT_FOUND = NotFound("supervision.clue_not_found", "未找到该监管线索，或不在您的职责范围内。")


def unknown_action(action: str, state_label: str) -> Conflict:
    return Conflict("supervision.transition_not_allowed", f"当前为“{state_label}”，不能执行“{action}”。")


def role_not_allowed(label: str) -> Forbidden:
    return Forbidden("supervision.role_not_allowed", f"您的角色无权执行“{label}”。")


def invalid(code: str, message: str, field: str | None = None) -> DomainError:
    return DomainError(f"supervision.{code}", message, field=field, status=422)
