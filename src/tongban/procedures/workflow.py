"""规范性文件 and 重大行政决策 as workflows on the shared engine (tongban.core.workflow).

Each stage the seeds make mandatory is a state; the step out of it carries guards that read the
stage's evidence on the row (dates, materials, counts), so the engine refuses the next step while
a required stage, document or period is missing, and says which (procedures.errors codes).

Capacities (the engine's "roles"; procedures.services.capacities_of maps a user to them):
unit — staff of the drafting unit (an issuer on the list) or of the decision's 承办单位;
legal_reviewer — staff of the region's 司法行政部门 (ReviewOffice); deliberator — 区领导 recording
the 常务会议 / 集体讨论 outcome; system — jobs (expiry).

State tags: open (in a work queue), with_reviewer (the 司法局's queue), published (public pages
show it), in_force (a 规范性文件 that binds: 备案 done, not expired or repealed).
"""

from tongban.core.workflow import Vocabulary, Workflow

UNIT, REVIEWER, DELIBERATOR, SYSTEM = ["unit"], ["legal_reviewer"], ["deliberator"], ["system"]

NORM_VOCABULARY = Vocabulary(
    guards=frozenset({
        "reason_given",
        "assessment_done",          # 制定前评估 when a trigger of 第十五条 applies
        "comment_period_planned",   # ≥ 20 days (≥ 30 when enterprises are affected)
        "comment_period_elapsed",   # the planned period has run
        "fair_competition_done",    # 公平竞争审查结论 when enterprises are affected
        "compliance_done",          # 合规审查意见 when trade-related
        "materials_complete",       # the 9 materials of 第十九条 that apply
        "legality_period_elapsed",  # ≥ 5 working days of 合法性审核
        "opinion_given",
        "legality_passed",          # no number, no deliberation without 合法性审核
        "meeting_given",
        "deliberated",
        "registered",
        "dates_valid",              # 施行 ≥ 30 days after 公布; validity 3–5 years (试行 1–2)
        "evaluation_given",
        "validity_ended",
    }),
    effects=frozenset({
        "record_comment_period", "record_submission", "record_legality", "record_deliberation",
        "assign_number", "record_publication", "record_filing", "record_evaluation", "record_cleanup",
        "start_revision",
    }),
    tags=frozenset({"open", "with_reviewer", "published", "in_force"}),
)

NORM_FLOW = {
    "code": "normative_document",
    "name": "规范性文件制定程序",
    "initial": "drafting",
    "states": {
        "drafting": {"label": "起草中", "tags": ["open"]},
        "consultation": {"label": "公开征求意见", "tags": ["open"]},
        "competition_review": {"label": "公平竞争审查与合规审查", "tags": ["open"]},
        "legality_review": {"label": "合法性审核", "tags": ["open", "with_reviewer"]},
        "deliberation": {"label": "待集体审议", "tags": ["open"]},
        "deliberated": {"label": "已审议待登记编号", "tags": ["open", "with_reviewer"]},
        "registered": {"label": "已登记编号待公布", "tags": ["open"]},
        "published": {"label": "已公布待备案", "tags": ["open", "published"]},
        "in_force": {"label": "已备案（有效）", "tags": ["published", "in_force"]},
        "repealed": {"label": "已废止", "tags": ["terminal"]},
        "expired": {"label": "已失效", "tags": ["terminal"]},
        "withdrawn": {"label": "已撤回", "tags": ["terminal"]},
    },
    "transitions": [
        {"action": "open_consultation", "label": "公开征求意见", "from": ["drafting"], "to": "consultation",
         "roles": UNIT, "guards": ["assessment_done", "comment_period_planned"],
         "effects": ["record_comment_period"]},
        {"action": "close_consultation", "label": "结束征求意见", "from": ["consultation"],
         "to": "competition_review", "roles": UNIT, "guards": ["comment_period_elapsed"]},
        {"action": "submit_for_review", "label": "报送合法性审核", "from": ["competition_review"],
         "to": "legality_review", "roles": UNIT,
         "guards": ["fair_competition_done", "compliance_done", "materials_complete"],
         "effects": ["record_submission"]},
        {"action": "return_to_unit", "label": "退回起草部门", "from": ["legality_review"], "to": "drafting",
         "roles": REVIEWER, "guards": ["reason_given"], "destructive": True},
        {"action": "pass_legality", "label": "出具合法性审核意见", "from": ["legality_review"],
         "to": "deliberation", "roles": REVIEWER, "guards": ["legality_period_elapsed", "opinion_given"],
         "effects": ["record_legality"]},
        {"action": "deliberate", "label": "集体审议通过", "from": ["deliberation"], "to": "deliberated",
         "roles": DELIBERATOR, "guards": ["legality_passed", "meeting_given"], "effects": ["record_deliberation"]},
        {"action": "register", "label": "统一登记编号", "from": ["deliberated"], "to": "registered",
         "roles": REVIEWER, "guards": ["legality_passed", "deliberated"], "effects": ["assign_number"]},
        {"action": "publish", "label": "统一印发公布", "from": ["registered"], "to": "published", "roles": UNIT,
         "guards": ["legality_passed", "deliberated", "registered", "dates_valid"],
         "effects": ["record_publication"]},
        {"action": "file", "label": "报送备案", "from": ["published"], "to": "in_force", "roles": UNIT,
         "guards": ["registered"], "effects": ["record_filing"]},
        {"action": "evaluate", "label": "实施后评估", "from": ["in_force"], "to": "in_force", "roles": UNIT,
         "guards": ["evaluation_given"], "effects": ["record_evaluation"]},
        {"action": "keep", "label": "清理：继续有效", "from": ["in_force"], "to": "in_force", "roles": UNIT,
         "guards": ["reason_given"], "effects": ["record_cleanup"]},
        {"action": "revise", "label": "清理：修改", "from": ["in_force"], "to": "drafting", "roles": UNIT,
         "guards": ["reason_given"], "effects": ["record_cleanup", "start_revision"]},
        {"action": "repeal", "label": "清理：废止", "from": ["in_force"], "to": "repealed", "roles": UNIT,
         "guards": ["reason_given"], "effects": ["record_cleanup"], "destructive": True},
        {"action": "expire", "label": "有效期届满失效", "from": ["in_force"], "to": "expired",
         "roles": REVIEWER + SYSTEM, "guards": ["validity_ended"]},
        {"action": "withdraw", "label": "撤回", "from": ["drafting", "consultation", "competition_review"],
         "to": "withdrawn", "roles": UNIT, "guards": ["reason_given"], "destructive": True},
    ],
}

DECISION_VOCABULARY = Vocabulary(
    guards=frozenset({
        "reason_given",
        "catalogue_published",      # only a decision in the published yearly catalogue starts
        "comment_period_planned",   # 公开征求意见 ≥ 30 days
        "comment_period_elapsed",
        "hearing_held",             # 听证 when triggered
        "experts_enough",           # ≥ 5 experts, ≥ 7 when complex
        "risk_assessed",            # 高 / 中 / 低 with a report
        "materials_complete",       # 合法性审查 materials
        "legality_period_elapsed",  # ≥ 7 working days
        "opinion_given",
        "legality_passed",
        "outcome_given",            # 同意 / 原则同意 / 不同意; the head's reasons when overruling the majority
        "risk_controllable",        # a high risk needs the decision body's statement that it is controllable
        "decided",
        "evaluation_complete",      # 后评估: a trigger and the 7 contents
    }),
    effects=frozenset({
        "record_comment_period", "record_participation", "record_experts", "record_risk", "record_submission",
        "record_legality", "record_decision", "record_publication", "record_filing", "record_archive",
        "record_evaluation", "reset_review",
    }),
    tags=frozenset({"open", "with_reviewer", "published"}),
)

DECISION_FLOW = {
    "code": "major_decision",
    "name": "重大行政决策程序",
    "initial": "listed",
    "states": {
        "listed": {"label": "已列入目录", "tags": ["open"]},
        "participation": {"label": "公众参与", "tags": ["open"]},
        "expert_review": {"label": "专家论证", "tags": ["open"]},
        "risk_assessment": {"label": "风险评估", "tags": ["open"]},
        "legality_review": {"label": "合法性审查", "tags": ["open", "with_reviewer"]},
        "deliberation": {"label": "待集体讨论决定", "tags": ["open"]},
        "decided": {"label": "已决定待公布", "tags": ["open"]},
        "published": {"label": "已公布待备案", "tags": ["open", "published"]},
        "filed": {"label": "已备案待归档", "tags": ["open", "published"]},
        "archived": {"label": "已归档（执行中）", "tags": ["published"]},
        "evaluated": {"label": "已完成后评估", "tags": ["published", "terminal"]},
        "rejected": {"label": "决定不同意", "tags": ["terminal"]},
    },
    "transitions": [
        {"action": "start_participation", "label": "公开征求意见", "from": ["listed"], "to": "participation",
         "roles": UNIT, "guards": ["catalogue_published", "comment_period_planned"],
         "effects": ["record_comment_period"]},
        {"action": "finish_participation", "label": "完成公众参与", "from": ["participation"],
         "to": "expert_review", "roles": UNIT, "guards": ["comment_period_elapsed", "hearing_held"],
         "effects": ["record_participation"]},
        {"action": "record_experts", "label": "完成专家论证", "from": ["expert_review"], "to": "risk_assessment",
         "roles": UNIT, "guards": ["experts_enough"], "effects": ["record_experts"]},
        {"action": "submit_for_review", "label": "完成风险评估并送合法性审查", "from": ["risk_assessment"],
         "to": "legality_review", "roles": UNIT, "guards": ["risk_assessed", "materials_complete"],
         "effects": ["record_risk", "record_submission"]},
        {"action": "return_for_correction", "label": "退回补正程序", "from": ["legality_review"],
         "to": "participation", "roles": REVIEWER, "guards": ["reason_given"], "effects": ["reset_review"],
         "destructive": True},
        {"action": "pass_legality", "label": "出具合法性审查意见", "from": ["legality_review"], "to": "deliberation",
         "roles": REVIEWER, "guards": ["legality_period_elapsed", "opinion_given"], "effects": ["record_legality"]},
        {"action": "decide", "label": "集体讨论：同意 / 原则同意", "from": ["deliberation"], "to": "decided",
         "roles": DELIBERATOR, "guards": ["legality_passed", "outcome_given", "risk_controllable"],
         "effects": ["record_decision"]},
        {"action": "reject", "label": "集体讨论：不同意", "from": ["deliberation"], "to": "rejected",
         "roles": DELIBERATOR, "guards": ["legality_passed", "outcome_given"], "effects": ["record_decision"],
         "destructive": True},
        {"action": "publish", "label": "公布决策", "from": ["decided"], "to": "published", "roles": UNIT,
         "guards": ["decided"], "effects": ["record_publication"]},
        {"action": "file", "label": "报送备案", "from": ["published"], "to": "filed", "roles": UNIT,
         "effects": ["record_filing"]},
        {"action": "archive", "label": "归档", "from": ["filed"], "to": "archived", "roles": UNIT,
         "effects": ["record_archive"]},
        {"action": "post_evaluate", "label": "决策后评估", "from": ["archived"], "to": "evaluated", "roles": UNIT,
         "guards": ["evaluation_complete"], "effects": ["record_evaluation"]},
    ],
}

NORM_WORKFLOW = Workflow.from_definition(NORM_FLOW, NORM_VOCABULARY)
DECISION_WORKFLOW = Workflow.from_definition(DECISION_FLOW, DECISION_VOCABULARY)
WORKFLOWS = (NORM_WORKFLOW, DECISION_WORKFLOW)
