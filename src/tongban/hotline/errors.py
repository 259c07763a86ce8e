"""Stable error codes of 12345 tickets (problem+json `code`, Chinese `detail`)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

TICKET_NOT_FOUND = NotFound("hotline.not_found", "未找到该工单，或不在您的办理范围内。")


def stale_version(current: int, state_label: str) -> Conflict:
    return Conflict("hotline.concurrent_change",
                    f"工单已被他人处理（当前状态“{state_label}”，版本 {current}），请刷新后重试。")


def unknown_action(action: str, state_label: str) -> Conflict:
    return Conflict("hotline.transition_not_allowed", f"工单当前为“{state_label}”，不能执行“{action}”。")


def role_not_allowed(label: str) -> Forbidden:
    return Forbidden("hotline.role_not_allowed", f"您的角色无权执行“{label}”。")


def invalid(code: str, message: str, field: str | None = None) -> DomainError:
    return DomainError(f"hotline.{code}", message, field=field, status=422)
