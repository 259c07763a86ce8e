"""Stable error codes of 好差评 (problem+json `code`, Chinese `detail`)."""

from tongban.core.errors import Conflict, DomainError, Forbidden, NotFound

CASE_NOT_FOUND = NotFound("rating.case_not_found", "未找到该办件，或您不是该办件的申请人。")
CASE_NOT_CLOSED = Conflict("rating.case_not_closed", "办件尚未办结，办结后才能评价。")
DUPLICATE = Conflict("rating.duplicate", "该办件已评价过（一次一评），不能再次评价，评价提交后也不能修改。")
NOT_APPLICANT = Forbidden("rating.not_applicant", "只有申请人（或其经办人、帮办代办员）可以评价该办件。")
TOKEN_INVALID = NotFound("rating.token_invalid", "评价码无效，请核对办件结果通知上的二维码。")
TOKEN_USED = Conflict("rating.duplicate", "该评价码已使用，一事一评，评价提交后不能修改。")
LEVEL_INVALID = DomainError("rating.level_invalid", "请选择评价等级（1 非常满意 至 5 非常不满意）。",
                            field="level", status=422)
CHANNEL_INVALID = DomainError("rating.channel_invalid", "评价渠道无效。", field="channel", status=422)
TAGS_INVALID = DomainError("rating.tags_invalid", "评价标签最多 10 个，每个不超过 20 字。", field="tags", status=422)
COMMENT_TOO_LONG = DomainError("rating.comment_too_long", "评价内容不超过 500 字。", field="comment", status=422)
COMMENT_REQUIRED = DomainError("rating.comment_required", "差评请选择差评分类或写明不满意的原因，便于整改。",
                               field="categories", status=422)
CATEGORIES_ONLY_BAD = DomainError("rating.categories_only_bad", "差评分类只在“不满意”“非常不满意”时选择。",
                                  field="categories", status=422)
CATEGORY_UNKNOWN = DomainError("rating.category_unknown", "差评分类无效或已停用，请重新选择。", field="categories",
                               status=422)
TICKET_NOT_FOUND = NotFound("rating.ticket_not_found", "未找到该工单，或该工单不是您提交的。")
TICKET_NOT_CLOSED = Conflict("rating.ticket_not_closed", "工单尚未办结，办结后才能评价。")
DUPLICATE_TICKET = Conflict("rating.duplicate", "该工单已评价过（一次一评），不能再次评价。")
DUPLICATE_PLATFORM = Conflict("rating.duplicate", "您本月已评价过政务服务平台，下月可再次评价。")
NO_CENTRE = Conflict("rating.no_centre", "本区尚未设置政务服务管理机构，暂不能评价。")
RATING_NOT_FOUND = NotFound("rating.not_found", "未找到该评价，或不在您的办理范围内。")
APPEAL_NOT_BAD = Conflict("appeal.not_bad", "只有差评可以申诉复核。")
APPEAL_DUPLICATE = Conflict("appeal.duplicate", "该差评已申诉过，一条差评只能申诉一次。")
APPEAL_NOT_RATED = Forbidden("appeal.not_rated", "只有被评价部门的工作人员或被评价的工作人员可以申诉。")
APPEAL_REASON_REQUIRED = DomainError("appeal.reason_required", "请写明申诉理由（如误评、恶意差评的情况和依据）。",
                                     field="reason", status=422)
APPEAL_NOT_FOUND = NotFound("appeal.not_found", "未找到该申诉，或不在您的办理范围内。")
APPEAL_DECIDED = Conflict("appeal.decided", "该申诉已复核，不能再次复核。")
APPEAL_CENTRE_ONLY = Forbidden("appeal.centre_only", "只有本中心管理员可以复核申诉。")
APPEAL_NOTE_REQUIRED = DomainError("appeal.note_required", "请填写复核意见。", field="note", status=422)

RECTIFICATION_NOT_FOUND = NotFound("rectification.not_found", "未找到该整改单，或不在您的办理范围内。")
NOT_OWN_DEPARTMENT = Forbidden("rectification.not_own_department", "只有被评价部门的工作人员可以答复整改单。")
SUPERVISOR_ONLY = Forbidden("rectification.supervisor_only", "只有本中心管理员可以核实整改。")
CALLBACK_ROLE = Forbidden("rectification.callback_role", "只有中心管理员或综合窗口受理人员可以回访。")
FIX_REQUIRED = DomainError("rectification.fix_required", "请填写整改情况。", field="fix_description", status=422)
ANSWER_REQUIRED = DomainError("rectification.answer_required", "请填写给评价人的答复。", field="answer_to_rater",
                              status=422)
NOTE_REQUIRED = DomainError("rectification.note_required", "请填写回访记录。", field="note", status=422)


def wrong_state(action: str, state_label: str) -> Conflict:
    return Conflict("rectification.wrong_state", f"整改单当前为“{state_label}”，不能{action}。")
