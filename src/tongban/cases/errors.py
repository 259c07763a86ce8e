"""Stable error codes of cases (problem+json `code`, Chinese `detail`)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

TRACK_NOT_FOUND = NotFound("case.track_not_found", "未查到该办件：请核对办件编号与手机号或证件号后 4 位。")
CASE_NOT_FOUND = NotFound("case.not_found", "未找到该办件，或不在您的办理范围内。")


def action_not_allowed(action_label: str, state_label: str) -> Conflict:
    return Conflict("case.transition_not_allowed", f"办件当前为“{state_label}”，不能执行“{action_label}”。")


def unknown_action(action: str, state_label: str) -> Conflict:
    return Conflict("case.transition_not_allowed", f"办件当前为“{state_label}”，没有“{action}”这一步。")


def role_not_allowed(action_label: str) -> Forbidden:
    return Forbidden("case.role_not_allowed", f"您的角色无权执行“{action_label}”。")


LEAD_DEPARTMENT_ONLY = Forbidden(
    "case.lead_department_only", "并联审批的配合部门只出具本部门意见，办件流转与决定由牵头部门办理。"
)
WINDOW_CANNOT_REFUSE = Forbidden(
    "case.window_cannot_refuse", "综合窗口无权作出不予受理或不予许可决定（窗口无权否决），请转后台审批人员。"
)

SIGN_OFF_BY_OTHER = Forbidden(
    "case.sign_off_by_other", "签发须由拟办意见提出人以外的部门负责人办理（否决权上移）。"
)


def stale_version(current: int, state_label: str) -> Conflict:
    return Conflict(
        "case.concurrent_change",
        f"办件已被他人处理（当前状态“{state_label}”，版本 {current}），请刷新后重试。",
    )


def guard_failed(code: str, message: str, field: str | None = None) -> DomainError:
    return DomainError(f"case.{code}", message, field=field, status=422)


ITEM_NOT_AVAILABLE = DomainError("case.item_not_available", "该事项未发布或已取消，不能申请。", field="item", status=422)
ONLINE_NOT_OFFERED = DomainError("case.online_not_offered", "该事项不支持网上申办，请到综合窗口办理。", field="item", status=422)
