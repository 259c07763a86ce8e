"""兑现申请 life cycles as data, run by the shared engine (tongban.core.workflow).

自主申报: 已申报 → 第三方审核 (policy_auditor) → 联合审定 (department) → 公示 (N working days,
rule policy.publicity_working_days) with 异议 → 拟拨付 → 已拨付; 追回 when fraud is found.
免申即享: a run proposes → staff confirm → the enterprise confirms its bank account → 拟拨付 → …

Tags: open (someone must act), publicity (公示中), payable (waiting for 拨付), granted (counted as
兑现 in metrics), terminal.
"""

from tongban.core.workflow import Vocabulary, Workflow

AUDITOR = ["policy_auditor"]
DEPARTMENT = ["reviewer", "department_head"]
HEAD = ["department_head"]
ENTERPRISE = ["enterprise"]

VOCABULARY = Vocabulary(
    guards=frozenset({
        "reason_given",        # refusals, objections and clawbacks say why
        "amount_decided",      # 联合审定 sets the amount (and the rank of a 评选 program)
        "publicity_over",      # 公示期满 (working days from the rule registry)
        "budget_left",         # never paid beyond the program's or the policy's budget
        "account_given",       # 免申即享: the enterprise names its bank account
    }),
    effects=frozenset({
        "record_audit",        # 审核意见
        "set_amount",          # 审定金额 / 名次
        "start_publicity",     # 公示起止日
        "record_objection",
        "clear_objection",
        "pay",                 # a Payment row, paid_fen
        "claw_back",           # a negative Payment row
        "record_account",
        "close",
    }),
    tags=frozenset({"open", "publicity", "payable", "granted"}),
)

STATES = {
    "submitted": {"label": "已申报待审核", "tags": ["open"]},
    "proposed": {"label": "免申即享待确认", "tags": ["open"]},
    "awaiting_account": {"label": "待企业确认收款账户", "tags": ["open"]},
    "audited": {"label": "第三方审核通过待联合审定", "tags": ["open"]},
    "publicity": {"label": "公示中", "tags": ["open", "publicity"]},
    "objected": {"label": "公示异议待处理", "tags": ["open", "publicity"]},
    "approved": {"label": "公示无异议待拨付", "tags": ["open", "payable", "granted"]},
    "paid": {"label": "已拨付", "tags": ["granted", "terminal"]},
    "rejected": {"label": "未通过", "tags": ["terminal"]},
    "clawed_back": {"label": "已追回", "tags": ["terminal"]},
}

_PAYOUT = [
    {"action": "pay", "label": "拨付", "from": ["approved"], "to": "paid", "roles": HEAD,
     "guards": ["budget_left"], "effects": ["pay", "close"]},
    {"action": "claw_back", "label": "追回（弄虚作假）", "from": ["paid"], "to": "clawed_back", "roles": HEAD,
     "guards": ["reason_given"], "effects": ["claw_back", "close"], "destructive": True},
]

APPLICATION_FLOW = {
    "code": "policy_apply", "name": "惠企政策自主申报", "initial": "submitted",
    "states": {state: spec for state, spec in STATES.items() if state not in ("proposed", "awaiting_account")},
    "transitions": [
        {"action": "audit_pass", "label": "第三方审核通过", "from": ["submitted"], "to": "audited", "roles": AUDITOR,
         "effects": ["record_audit"]},
        {"action": "audit_reject", "label": "第三方审核不通过", "from": ["submitted"], "to": "rejected",
         "roles": AUDITOR, "guards": ["reason_given"], "effects": ["record_audit", "close"], "destructive": True},
        {"action": "approve", "label": "联合审定通过并公示", "from": ["audited"], "to": "publicity", "roles": DEPARTMENT,
         "guards": ["amount_decided"], "effects": ["set_amount", "start_publicity"]},
        {"action": "reject", "label": "联合审定不通过", "from": ["audited"], "to": "rejected", "roles": DEPARTMENT,
         "guards": ["reason_given"], "effects": ["record_audit", "close"], "destructive": True},
        {"action": "object", "label": "登记公示异议", "from": ["publicity"], "to": "objected", "roles": DEPARTMENT,
         "guards": ["reason_given"], "effects": ["record_objection"]},
        {"action": "dismiss_objection", "label": "异议不成立", "from": ["objected"], "to": "publicity",
         "roles": DEPARTMENT, "guards": ["reason_given"], "effects": ["clear_objection"]},
        {"action": "uphold_objection", "label": "异议成立，不予奖励", "from": ["objected"], "to": "rejected",
         "roles": DEPARTMENT, "guards": ["reason_given"], "effects": ["close"], "destructive": True},
        {"action": "end_publicity", "label": "公示期满无异议", "from": ["publicity"], "to": "approved",
         "roles": DEPARTMENT, "guards": ["publicity_over"]},
        *_PAYOUT,
    ],
}

AUTO_FLOW = {
    "code": "policy_auto", "name": "免申即享", "initial": "proposed",
    "states": {state: spec for state, spec in STATES.items()
               if state not in ("submitted", "audited", "publicity", "objected")},
    "transitions": [
        {"action": "confirm_grant", "label": "确认兑现名单", "from": ["proposed"], "to": "awaiting_account",
         "roles": DEPARTMENT},
        {"action": "drop", "label": "移出名单", "from": ["proposed"], "to": "rejected", "roles": DEPARTMENT,
         "guards": ["reason_given"], "effects": ["close"], "destructive": True},
        {"action": "confirm_account", "label": "确认收款账户", "from": ["awaiting_account"], "to": "approved",
         "roles": ENTERPRISE, "guards": ["account_given"], "effects": ["record_account"]},
        *_PAYOUT,
    ],
}

APPLICATION_WORKFLOW = Workflow.from_definition(APPLICATION_FLOW, VOCABULARY)
AUTO_WORKFLOW = Workflow.from_definition(AUTO_FLOW, VOCABULARY)
WORKFLOWS = (APPLICATION_WORKFLOW, AUTO_WORKFLOW)
BY_CODE = {workflow.code: workflow for workflow in WORKFLOWS}
