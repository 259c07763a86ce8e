"""The workflows shipped with Tongban, as data (seeded into WorkflowDefinition by a migration).

Roles are accounts.Role values plus "applicant" (the applicant or their agent) and "system"
(scheduled jobs such as the 容缺 deadline check). Intake clerks may accept and ask for 补正 but
never refuse: 窗口无权否决, the refusal belongs to the back office.
"""

DECIDERS = ["reviewer", "department_head"]
FRONT = ["intake_clerk", *DECIDERS]
APPLICANT_SIDE = ["applicant", "intake_clerk", "helper"]
OPEN = ["submitted", "intake_correction", "accepted", "in_review", "review_correction"]

STATES = {
    "submitted": "待受理", "intake_correction": "待补正", "accepted": "已受理",
    "in_review": "审查中", "review_correction": "审查补正", "special_procedure": "特别程序中",
    "approved": "准予", "denied": "不予", "awaiting_pickup": "待领取", "completed": "已办结",
    "not_accepted": "不予受理", "withdrawn": "已撤回", "suspended": "已中止",
    "terminated": "已终止", "revoked": "已撤销",
}
TERMINAL = ["completed", "not_accepted", "withdrawn", "terminated", "revoked"]

INTAKE = [
    {"action": "accept", "label": "受理", "from": ["submitted"], "to": "accepted", "roles": FRONT,
     "effects": ["start_clock", "open_tasks", "notice_acceptance"]},
    {"action": "request_correction", "label": "一次性告知补正", "from": ["submitted"],
     "to": "intake_correction", "roles": FRONT, "guards": ["materials_listed"],
     "effects": ["pause_correction", "notice_correction"]},
    {"action": "resubmit", "label": "补正后重新提交", "from": ["intake_correction"], "to": "submitted",
     "roles": APPLICANT_SIDE, "effects": ["resume_clock"]},
    {"action": "reject", "label": "不予受理", "from": ["submitted"], "to": "not_accepted",
     "roles": DECIDERS, "guards": ["reason_given", "legal_basis_given"],
     "effects": ["not_accepted", "notice_rejection", "close"]},
]
RESULT = [
    {"action": "issue_result", "label": "送综合窗口出件", "from": ["approved", "denied"],
     "to": "awaiting_pickup", "roles": FRONT, "effects": ["issue_result"]},
    {"action": "deliver", "label": "邮寄或电子送达", "from": ["approved", "denied"], "to": "completed",
     "roles": FRONT, "effects": ["issue_result", "close"]},
    {"action": "pick_up", "label": "领取", "from": ["awaiting_pickup"], "to": "completed",
     "roles": ["intake_clerk"], "effects": ["record_pickup", "close"]},
    {"action": "withdraw", "label": "撤回申请", "from": OPEN, "to": "withdrawn",
     "roles": ["applicant"], "effects": ["close"]},
    {"action": "suspend", "label": "中止（容缺材料逾期）", "from": ["accepted", "in_review"],
     "to": "suspended", "roles": ["system", *DECIDERS], "guards": ["reason_given"]},
    {"action": "resume", "label": "恢复办理", "from": ["suspended"], "to": "in_review", "roles": DECIDERS},
    {"action": "terminate", "label": "终止办理", "from": ["accepted", "in_review", "suspended"],
     "to": "terminated", "roles": ["system", *DECIDERS], "guards": ["reason_given"], "effects": ["close"]},
    {"action": "revoke", "label": "撤销（承诺不实）", "from": ["completed"], "to": "revoked",
     "roles": ["department_head", "system"], "guards": ["reason_given"]},
]

STANDARD = {
    "code": "standard",
    "name": "承诺件标准流程（受理—审查—决定—出件，支持并联审批）",
    "initial": "submitted",
    "states": STATES,
    "terminal": TERMINAL,
    "transitions": [
        *INTAKE,
        {"action": "start_review", "label": "开始审查", "from": ["accepted"], "to": "in_review",
         "roles": DECIDERS},
        {"action": "request_correction", "label": "审查中补正", "from": ["in_review"],
         "to": "review_correction", "roles": DECIDERS, "guards": ["materials_listed"],
         "effects": ["pause_correction", "notice_correction"]},
        {"action": "resubmit", "label": "补正后重新提交", "from": ["review_correction"],
         "to": "in_review", "roles": APPLICANT_SIDE, "effects": ["resume_clock"]},
        {"action": "start_special_procedure", "label": "启动特别程序", "from": ["in_review"],
         "to": "special_procedure", "roles": DECIDERS, "effects": ["pause_special"]},
        {"action": "end_special_procedure", "label": "结束特别程序", "from": ["special_procedure"],
         "to": "in_review", "roles": DECIDERS, "effects": ["resume_clock"]},
        {"action": "approve", "label": "准予", "from": ["in_review"], "to": "approved", "roles": DECIDERS,
         "guards": ["all_tasks_done"], "effects": ["decide_approved", "notice_decision", "emit_decided"]},
        {"action": "deny", "label": "不予", "from": ["in_review"], "to": "denied", "roles": DECIDERS,
         "guards": ["all_tasks_done", "reason_given", "legal_basis_given"],
         "effects": ["decide_denied", "notice_decision", "emit_decided"]},
        *RESULT,
    ],
}

IMMEDIATE = {
    "code": "immediate",
    "name": "即办件流程（窗口当场办结）",
    "initial": "submitted",
    "states": STATES,
    "terminal": TERMINAL,
    "transitions": [
        *INTAKE,
        {"action": "approve_on_the_spot", "label": "当场办结", "from": ["submitted"], "to": "approved",
         "roles": FRONT,
         "effects": ["start_clock", "decide_approved", "notice_decision", "emit_decided"]},
        *RESULT,
    ],
}

SHIPPED = [STANDARD, IMMEDIATE]
