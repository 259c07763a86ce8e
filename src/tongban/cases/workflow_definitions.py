"""The workflows shipped with Tongban, as data (seeded into WorkflowDefinition by migrations).

Roles are accounts.Role values plus "applicant" (the applicant or their agent) and "system"
(scheduled jobs such as the 容缺 deadline check). Intake clerks may accept and ask for 补正 but
never refuse: 窗口无权否决, the refusal belongs to the back office.

否决权上移: a reviewer only proposes 不予受理 or 不予; the refusal takes effect when a department
head other than the proposer signs it (签发), or goes back for another look. Approvals are
delegated to the reviewer (首席代表/承办人 authority) in the standard flow; an item whose
district wants 承办—审核—签发 for every decision chooses the `standard_signed` flow.

Each state declares tags; code finds states by tag (cases/states.py), never by name:
open (not yet decided or ended), waiting (待受理 queue), in_progress (办理中 queue), sign_off
(待签发 queue), result (待出件 queue), awaiting_pickup, co_review (并联审批 opinions are taken),
decided (a decision exists), terminal, concluded (counts as 办结), refusal (a refusal is
proposed or made), ratable (the applicant may rate the service).
"""

DECIDERS = ["reviewer", "department_head"]
SIGNERS = ["department_head"]
FRONT = ["intake_clerk", *DECIDERS]
APPLICANT_SIDE = ["applicant", "intake_clerk", "helper"]

STATES = {
    "submitted": {"label": "待受理", "tags": ["open", "waiting"]},
    "intake_correction": {"label": "待补正", "tags": ["open", "waiting"]},
    "rejection_pending": {"label": "不予受理待签发", "tags": ["open", "sign_off", "refusal"]},
    "accepted": {"label": "已受理", "tags": ["open", "in_progress"]},
    "in_review": {"label": "审查中", "tags": ["open", "in_progress", "co_review"]},
    "review_correction": {"label": "审查补正", "tags": ["open", "in_progress"]},
    "special_procedure": {"label": "特别程序中", "tags": ["open", "in_progress"]},
    "approval_pending": {"label": "准予待签发", "tags": ["open", "sign_off"]},
    "denial_pending": {"label": "不予待签发", "tags": ["open", "sign_off", "refusal"]},
    "approved": {"label": "准予", "tags": ["decided", "result"]},
    "denied": {"label": "不予", "tags": ["decided", "result", "refusal"]},
    "awaiting_pickup": {"label": "待领取", "tags": ["decided", "result", "awaiting_pickup"]},
    "completed": {"label": "已办结", "tags": ["decided", "terminal", "concluded", "ratable"]},
    "not_accepted": {"label": "不予受理", "tags": ["decided", "terminal", "refusal", "ratable"]},
    "withdrawn": {"label": "已撤回", "tags": ["terminal"]},
    "suspended": {"label": "已中止", "tags": ["open"]},
    "terminated": {"label": "已终止", "tags": ["terminal"]},
    "revoked": {"label": "已撤销", "tags": ["terminal", "concluded"]},
}
# the applicant may withdraw until a decision (those of these states a workflow has)
OPEN = ["submitted", "intake_correction", "rejection_pending", "accepted", "in_review", "review_correction",
        "approval_pending", "denial_pending"]

ACCEPT = {"action": "accept", "label": "受理", "from": ["submitted"], "to": "accepted", "roles": FRONT,
          "guards": ["materials_complete"], "effects": ["start_clock", "open_tasks", "notice_acceptance"]}
INTAKE = [
    {"action": "request_correction", "label": "一次性告知补正", "from": ["submitted"],
     "to": "intake_correction", "roles": FRONT, "guards": ["materials_listed"],
     "effects": ["pause_correction", "notice_correction"]},
    {"action": "resubmit", "label": "补正后重新提交", "from": ["intake_correction"], "to": "submitted",
     "roles": APPLICANT_SIDE, "effects": ["resume_clock"]},
    {"action": "propose_rejection", "label": "拟不予受理（报签发）", "from": ["submitted"], "to": "rejection_pending",
     "roles": DECIDERS, "guards": ["reason_given", "legal_basis_given"], "destructive": True},
    {"action": "reject", "label": "签发不予受理", "from": ["rejection_pending"], "to": "not_accepted",
     "roles": SIGNERS, "guards": ["signed_by_other"], "destructive": True,
     "effects": ["not_accepted", "notice_rejection", "close"]},
    {"action": "return_proposal", "label": "退回重新审查", "from": ["rejection_pending"], "to": "submitted",
     "roles": SIGNERS, "guards": ["reason_given"]},
]
RESULT = [
    {"action": "issue_result", "label": "送综合窗口出件", "from": ["approved", "denied"],
     "to": "awaiting_pickup", "roles": FRONT, "effects": ["issue_result"]},
    {"action": "deliver", "label": "邮寄或电子送达", "from": ["approved", "denied"], "to": "completed",
     "roles": FRONT, "effects": ["issue_result", "close"]},
    {"action": "pick_up", "label": "领取", "from": ["awaiting_pickup"], "to": "completed",
     "roles": ["intake_clerk"], "effects": ["record_pickup", "close"]},
    {"action": "withdraw", "label": "撤回申请", "from": OPEN, "to": "withdrawn",
     "roles": ["applicant"], "effects": ["close"], "destructive": True},
    {"action": "suspend", "label": "中止（容缺材料逾期）", "from": ["accepted", "in_review"],
     "to": "suspended", "roles": ["system", *DECIDERS], "guards": ["reason_given"],
     "effects": ["pause_suspension"]},
    {"action": "resume", "label": "恢复办理", "from": ["suspended"], "to": "in_review", "roles": DECIDERS,
     "effects": ["resume_clock"]},
    {"action": "terminate", "label": "终止办理", "from": ["accepted", "in_review", "suspended"],
     "to": "terminated", "roles": ["system", *DECIDERS], "guards": ["reason_given"], "effects": ["close"],
     "destructive": True},
    {"action": "revoke", "label": "撤销（承诺不实）", "from": ["completed"], "to": "revoked",
     "roles": ["department_head", "system"], "guards": ["reason_given"], "destructive": True},
    # a result not yet collected is withdrawn: the case ends here instead of at the exit window
    {"action": "revoke", "label": "撤销（承诺不实，结果不予发放）", "from": ["approved", "awaiting_pickup"],
     "to": "revoked", "roles": ["department_head", "system"], "guards": ["reason_given"], "destructive": True,
     "effects": ["close"]},
]

REVIEW = [
    {"action": "start_review", "label": "开始审查", "from": ["accepted"], "to": "in_review",
     "roles": DECIDERS},
    {"action": "request_correction", "label": "审查中补正", "from": ["in_review"],
     "to": "review_correction", "roles": DECIDERS, "guards": ["materials_listed"],
     "effects": ["pause_correction", "notice_correction"]},
    {"action": "resubmit", "label": "补正后重新提交", "from": ["review_correction"],
     "to": "in_review", "roles": APPLICANT_SIDE, "effects": ["resume_clock"]},
    {"action": "start_special_procedure", "label": "启动特别程序", "from": ["in_review"],
     "to": "special_procedure", "roles": DECIDERS, "effects": ["pause_special", "notice_special_procedure"]},
    {"action": "end_special_procedure", "label": "结束特别程序", "from": ["special_procedure"],
     "to": "in_review", "roles": DECIDERS, "effects": ["resume_clock"]},
    # 延长审批: approved by the department's head (本行政机关负责人批准), the applicant is told why
    {"action": "extend_time_limit", "label": "延长审批", "from": ["in_review"], "to": "in_review",
     "roles": ["department_head"], "guards": ["reason_given"],
     "effects": ["extend_limit", "notice_special_procedure"]},
    {"action": "propose_denial", "label": "拟不予许可（报签发）", "from": ["in_review"], "to": "denial_pending",
     "roles": DECIDERS, "guards": ["all_tasks_done", "reason_given", "legal_basis_given", "waived_materials_in"],
     "destructive": True},
    {"action": "deny", "label": "签发不予许可", "from": ["denial_pending"], "to": "denied", "roles": SIGNERS,
     "guards": ["signed_by_other"], "destructive": True,
     "effects": ["decide_denied", "notice_decision", "emit_decided"]},
    {"action": "return_proposal", "label": "退回重新审查", "from": ["denial_pending"], "to": "in_review",
     "roles": SIGNERS, "guards": ["reason_given"]},
]
APPROVE = {"action": "approve", "label": "准予", "from": ["in_review"], "to": "approved", "roles": DECIDERS,
           "guards": ["all_tasks_done", "no_task_denied", "waived_materials_in"],
           "effects": ["decide_approved", "notice_decision", "emit_decided"]}
# 承办—审核—签发: the reviewer proposes the approval, a department head signs it
SIGNED_APPROVAL = [
    {"action": "propose_approval", "label": "拟准予（报签发）", "from": ["in_review"], "to": "approval_pending",
     "roles": DECIDERS, "guards": ["all_tasks_done", "no_task_denied", "waived_materials_in"]},
    {**APPROVE, "label": "签发准予", "from": ["approval_pending"], "roles": SIGNERS,
     "guards": ["signed_by_other", "no_task_denied", "waived_materials_in"]},
    {"action": "return_proposal", "label": "退回重新审查", "from": ["approval_pending"], "to": "in_review",
     "roles": SIGNERS, "guards": ["reason_given"]},
]
# 即办件 are decided at the window on the spot: 受理 is not offered (an accepted 即办件 would wait
# for a review nobody starts). The review steps stay for 即办件 accepted before that was so.
ON_THE_SPOT = {"action": "approve_on_the_spot", "label": "当场办结", "from": ["submitted"], "to": "approved",
               "roles": FRONT, "guards": ["materials_complete", "waived_materials_in"],
               "effects": ["start_clock", "decide_approved", "notice_decision", "emit_decided"]}


def _workflow(code: str, name: str, transitions: list[dict], kept: tuple[str, ...] = ()) -> dict:
    """A definition with the states its transitions lead to, plus `kept` (in STATES order), each
    transition's sources narrowed to those states (OPEN names states not every flow has)."""
    used = {"submitted", *kept} | {t["to"] for t in transitions}
    states = {state: spec for state, spec in STATES.items() if state in used}
    narrowed = [{**t, "from": [s for s in t["from"] if s in states]} for t in transitions]
    return {"code": code, "name": name, "initial": "submitted", "states": states,
            "transitions": [t for t in narrowed if t["from"]]}


STANDARD = _workflow("standard", "承诺件标准流程（受理—审查—决定—出件，支持并联审批；不予须签发）",
                     [ACCEPT, *INTAKE, *REVIEW, APPROVE, *RESULT])
STANDARD_SIGNED = _workflow("standard_signed", "承诺件签发流程（承办—审核—签发，准予与不予均须部门负责人签发）",
                            [ACCEPT, *INTAKE, *REVIEW, *SIGNED_APPROVAL, *RESULT])
IMMEDIATE = _workflow("immediate", "即办件流程（窗口当场办结）",
                      [ON_THE_SPOT, *INTAKE, *REVIEW, APPROVE, *RESULT], kept=("accepted",))

SHIPPED = [STANDARD, STANDARD_SIGNED, IMMEDIATE]
