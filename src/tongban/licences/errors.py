"""Refusals of 电子证照 with stable codes (problem+json in the API, message on pages)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

LICENCE_NOT_FOUND = NotFound("licence.not_found", "未找到该电子证照，或您无权查看。")
TYPE_NOT_FOUND = NotFound("licence.type_not_found", "未找到该证照类型。")
CASE_NOT_FOUND = NotFound("licence.case_not_found", "未找到该办件，或不在您的办理范围内。")
NOT_ISSUER = Forbidden("licence.not_issuer", "只有该证照类型的颁发部门可以签发、换发或变更证照状态。")
NO_KEY = Conflict("licence.no_signing_key", "颁发部门尚无签名密钥，请先生成密钥。")
ALREADY_ISSUED = Conflict("licence.already_issued", "该办件已签发电子证照（一件一证）。")
NOT_APPROVED = Conflict("licence.case_not_approved", "办件尚未作出准予决定，不能签发证照。")
NOT_CURRENT = Conflict("licence.not_current", "只能换发当前有效或暂停的最新版本证照。")
REASON_REQUIRED = DomainError("licence.reason_required", "请填写变更原因。", field="reason", status=422)
TOKEN_INVALID = NotFound("licence.show_token_invalid", "亮证码无效或已过期，请持证人刷新后重新出示。")


def transition_not_allowed(state_label: str, action_label: str) -> Conflict:
    return Conflict("licence.transition_not_allowed", f"证照当前为“{state_label}”，不能{action_label}。")
