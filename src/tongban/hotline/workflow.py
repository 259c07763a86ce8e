"""工单流转 — the 12345 ticket state machine as data, run by the shared engine (tongban.core.workflow).

受理 → 派单 (the centre picks a department; the due time follows the kind) → the department
签收 or 退单 (with a reason) → 改派 → 答复 (a reply is required) → 回访: satisfied closes,
unsatisfied reopens to the same department. Extensions are asked by the department and
decided by the centre. Roles are accounts.Role values.

State tags (queues and jobs ask for these, never for state names): open (in the 待办 queue: not
yet closed or merged), in_progress (a department has it and its due time runs: 督办 looks
here), terminal (closed or merged: nothing follows).
"""

from tongban.core.workflow import Vocabulary, Workflow

OPERATOR = ["supervisor"]  # 12345 centre operator: the hall supervisor for now
DEPARTMENT = ["reviewer", "department_head"]

#: The fixed vocabulary of ticket effects, guards and tags; the first two implemented once in hotline.services.
VOCABULARY = Vocabulary(
    effects=frozenset({
        "assign_department",   # 派单 / 改派: the chosen department becomes the assignee
        "set_due",             # due time from the kind, counted in working days from the first 派单
        "extend_due",          # 延期: the approved extra working days are added to the due time
        "count_return",        # 退单: counted on the ticket and per department
        "record_reply",        # 答复
        "copy_reply",          # every merged ticket gets the master's reply
        "record_satisfaction",  # 回访
        "count_reopen",        # 重办
        "record_extension",    # 延期申请
        "close",               # 办结
        "mark_merged",         # 合并
    }),
    guards=frozenset({
        "reason_given",        # 退单, 不满意, 延期 and refusals say why
        "department_chosen",   # 派单 names a department
        "reply_given",         # no close without a reply
        "extension_days_given",
        "master_given",        # a merged ticket points to its master
    }),
    tags=frozenset({"open", "in_progress"}),
)

STATES = {
    "registered": {"label": "已登记", "tags": ["open"]},
    "dispatched": {"label": "已派单", "tags": ["open", "in_progress"]},
    "accepted": {"label": "办理中", "tags": ["open", "in_progress"]},
    "returned": {"label": "已退单", "tags": ["open"]},
    "extension_requested": {"label": "延期待审", "tags": ["open", "in_progress"]},
    "replied": {"label": "已答复待回访", "tags": ["open"]},
    "reopened": {"label": "重办中", "tags": ["open", "in_progress"]},
    "closed": {"label": "已办结", "tags": ["terminal"]},
    "merged": {"label": "已合并", "tags": ["terminal"]},
}

TICKET_FLOW = {
    "code": "hotline",
    "name": "12345 接诉即办工单流程",
    "initial": "registered",
    "states": STATES,
    "transitions": [
        {"action": "dispatch", "label": "派单", "from": ["registered"], "to": "dispatched", "roles": OPERATOR,
         "guards": ["department_chosen"], "effects": ["assign_department", "set_due"]},
        {"action": "answer_directly", "label": "直接答复办结", "from": ["registered"], "to": "closed",
         "roles": OPERATOR, "guards": ["reply_given"], "effects": ["record_reply", "copy_reply", "close"]},
        {"action": "merge", "label": "合并至主工单", "from": ["registered"], "to": "merged", "roles": OPERATOR,
         "guards": ["master_given"], "effects": ["mark_merged"]},
        {"action": "accept", "label": "签收", "from": ["dispatched"], "to": "accepted", "roles": DEPARTMENT},
        {"action": "return", "label": "退单", "from": ["dispatched"], "to": "returned", "roles": DEPARTMENT,
         "guards": ["reason_given"], "effects": ["count_return"]},
        # 改派 and 重办 keep the limit set at the first 派单 (only an approved 延期 moves it)
        {"action": "redispatch", "label": "改派", "from": ["returned"], "to": "dispatched", "roles": OPERATOR,
         "guards": ["department_chosen"], "effects": ["assign_department"]},
        {"action": "request_extension", "label": "申请延期", "from": ["accepted", "reopened"],
         "to": "extension_requested", "roles": DEPARTMENT, "guards": ["reason_given", "extension_days_given"],
         "effects": ["record_extension"]},
        {"action": "approve_extension", "label": "同意延期", "from": ["extension_requested"], "to": "accepted",
         "roles": OPERATOR, "effects": ["extend_due"]},
        {"action": "refuse_extension", "label": "不同意延期", "from": ["extension_requested"], "to": "accepted",
         "roles": OPERATOR, "guards": ["reason_given"]},
        {"action": "reply", "label": "答复", "from": ["accepted", "reopened"], "to": "replied", "roles": DEPARTMENT,
         "guards": ["reply_given"], "effects": ["record_reply", "copy_reply"]},
        {"action": "callback_satisfied", "label": "回访：满意", "from": ["replied"], "to": "closed",
         "roles": OPERATOR, "effects": ["record_satisfaction", "close"]},
        {"action": "callback_unsatisfied", "label": "回访：不满意（重办）", "from": ["replied"], "to": "reopened",
         "roles": OPERATOR, "guards": ["reason_given"], "effects": ["record_satisfaction", "count_reopen"]},
    ],
}

TICKET_WORKFLOW = Workflow.from_definition(TICKET_FLOW, VOCABULARY)
WORKFLOWS = (TICKET_WORKFLOW,)
