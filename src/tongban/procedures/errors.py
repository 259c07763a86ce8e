"""Stable error codes of the government-internal procedures (problem+json `code`, Chinese `detail`)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

DOCUMENT_NOT_FOUND = NotFound("procedures.not_found", "未找到该规范性文件，或不在您的办理范围内。")
DECISION_NOT_FOUND = NotFound("procedures.decision_not_found", "未找到该重大行政决策，或不在您的办理范围内。")
PLAN_ENTRY_NOT_FOUND = NotFound("procedures.plan_entry_not_found", "未找到该年度计划项，或不属于您的单位。")


def stale_version(current: int, state_label: str) -> Conflict:
    return Conflict("procedures.concurrent_change",
                    f"已被他人处理（当前状态“{state_label}”，版本 {current}），请刷新后重试。")


def unknown_action(action: str, state_label: str) -> Conflict:
    return Conflict("procedures.transition_not_allowed", f"当前为“{state_label}”，不能执行“{action}”。")


def role_not_allowed(label: str) -> Forbidden:
    return Forbidden("procedures.role_not_allowed", f"您无权执行“{label}”。")


def gate(code: str, message: str, field: str | None = None) -> DomainError:
    """A mandatory stage, document or period is missing: the step is refused (422)."""
    return DomainError(f"procedures.{code}", message, field=field, status=422)


NOT_AN_ISSUER = Forbidden("procedures.not_an_issuer", "本单位未列入规范性文件制定主体清单，不得制定规范性文件。")
