"""Stable error codes of 信用 (problem+json `code`, Chinese `detail`)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

RECORD_NOT_FOUND = NotFound("credit.record_not_found", "未找到该信用记录，或不属于您。")
REPAIR_NOT_FOUND = NotFound("credit.repair_not_found", "未找到该信用修复申请，或不在您的审核范围内。")
NOT_REPAIRABLE = Conflict("credit.not_repairable", "只有未修复的失信记录可以申请信用修复。")
REPAIR_PENDING = Conflict("credit.repair_pending", "该记录已有待审核的信用修复申请。")
EVIDENCE_REQUIRED = DomainError("credit.evidence_required", "请说明已履行的义务并提供修复材料。", field="evidence",
                                status=422)
NOTE_REQUIRED = DomainError("credit.note_required", "不予修复须写明理由。", field="note", status=422)
BAD_USCC = DomainError("credit.bad_uscc", "请输入 18 位统一社会信用代码。", field="uscc", status=422)


def unknown_action(action: str, state_label: str) -> Conflict:
    return Conflict("credit.transition_not_allowed", f"当前为“{state_label}”，不能执行“{action}”。")


def role_not_allowed(label: str) -> Forbidden:
    return Forbidden("credit.role_not_allowed", f"您的角色无权执行“{label}”。")
