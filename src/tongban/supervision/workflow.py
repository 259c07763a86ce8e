"""监管 life cycles as data, run by the shared engine (tongban.core.workflow).

- 抽查计划 (plan): 草拟 → 公布随机种子来源 (before the draw) → 抽取 (seed fixed from the public values)
  → 公开抽查结果 → 办结.
- 检查任务 (inspection, one drawn subject): 待检查 → 已检查 (findings per item) / 责令整改 →
  复查 → 办结; a clue may start one outside the draw.
- 审管联动 task: 已推送 → 已接收 → 已处置 → 已反馈; overdue ones are escalated (a flag, not a state).
- 监管线索 (互联网+监管 clue): 已接收 → 已推送 → 已处置 → 已反馈.

Tags: open (still someone's work), drawn (the plan's draw exists), public (shown on the portal).
Roles are accounts.Role values.
"""

from tongban.core.workflow import Vocabulary, Workflow

PLANNERS = ["department_head", "supervisor", "admin"]
INSPECTORS = ["inspector", "department_head"]
DEPARTMENT = ["inspector", "reviewer", "department_head"]

VOCABULARY = Vocabulary(
    effects=frozenset({
        "announce_seed",     # record the announced public sources, before the draw
        "run_draw",          # fix the seed from the values, draw, store snapshot and digests
        "publish",           # 公开: shown on the portal
        "record_findings",   # one finding per check item
        "order_rectification",  # 责令整改 with a due date
        "close",
        "receive",           # 审管联动 / clue: 接收
        "record_handling",   # 处置
        "record_feedback",   # 反馈 (back to the case / credit for 告知承诺 核查)
        "push",              # clue: 推送 to a department
    }),
    guards=frozenset({
        "sources_given",     # a seed needs announced public sources
        "values_given",      # the draw needs the announced values
        "findings_given",    # results need a finding per item
        "note_given",        # 处置 / 反馈 say what was done
        "department_chosen",
    }),
    tags=frozenset({"open", "drawn", "public"}),
)

PLAN_FLOW = {
    "code": "supervision_plan",
    "name": "双随机抽查计划",
    "initial": "draft",
    "states": {
        "draft": {"label": "草拟", "tags": ["open"]},
        "announced": {"label": "已公布种子来源", "tags": ["open", "public"]},
        "drawn": {"label": "已抽取", "tags": ["open", "drawn", "public"]},
        "published": {"label": "已公开结果", "tags": ["open", "drawn", "public"]},
        "concluded": {"label": "已办结", "tags": ["terminal", "drawn", "public"]},
    },
    "transitions": [
        {"action": "announce", "label": "公布随机种子来源", "from": ["draft"], "to": "announced", "roles": PLANNERS,
         "guards": ["sources_given"], "effects": ["announce_seed"]},
        {"action": "draw", "label": "随机抽取", "from": ["announced"], "to": "drawn", "roles": PLANNERS,
         "guards": ["values_given"], "effects": ["run_draw"]},
        {"action": "publish", "label": "公开抽查结果", "from": ["drawn"], "to": "published", "roles": PLANNERS,
         "effects": ["publish"]},
        {"action": "conclude", "label": "办结", "from": ["published"], "to": "concluded", "roles": PLANNERS,
         "effects": ["close"]},
    ],
}

INSPECTION_FLOW = {
    "code": "supervision_inspection",
    "name": "检查任务",
    "initial": "assigned",
    "states": {
        "assigned": {"label": "待检查", "tags": ["open"]},
        "rectifying": {"label": "责令整改中", "tags": ["open"]},
        "inspected": {"label": "已检查", "tags": ["terminal", "public"]},
    },
    "transitions": [
        {"action": "record", "label": "录入检查结果", "from": ["assigned"], "to": "inspected", "roles": INSPECTORS,
         "guards": ["findings_given"], "effects": ["record_findings", "close"]},
        {"action": "order_rectification", "label": "责令整改", "from": ["assigned"], "to": "rectifying",
         "roles": INSPECTORS, "guards": ["findings_given"], "effects": ["record_findings", "order_rectification"]},
        {"action": "reinspect", "label": "复查", "from": ["rectifying"], "to": "inspected", "roles": INSPECTORS,
         "guards": ["findings_given"], "effects": ["record_findings", "close"]},
    ],
}

TASK_FLOW = {
    "code": "supervision_task",
    "name": "审管联动",
    "initial": "pushed",
    "states": {
        "pushed": {"label": "已推送", "tags": ["open"]},
        "received": {"label": "已接收", "tags": ["open"]},
        "handled": {"label": "已处置", "tags": ["open"]},
        "fed_back": {"label": "已反馈", "tags": ["terminal"]},
    },
    "transitions": [
        {"action": "receive", "label": "接收", "from": ["pushed"], "to": "received", "roles": DEPARTMENT,
         "effects": ["receive"]},
        {"action": "handle", "label": "处置", "from": ["received"], "to": "handled", "roles": DEPARTMENT,
         "guards": ["note_given"], "effects": ["record_handling"]},
        {"action": "feedback", "label": "反馈", "from": ["handled"], "to": "fed_back", "roles": DEPARTMENT,
         "guards": ["note_given"], "effects": ["record_feedback", "close"]},
    ],
}

CLUE_FLOW = {
    "code": "supervision_clue",
    "name": "互联网+监管线索",
    "initial": "received",
    "states": {
        "received": {"label": "已接收", "tags": ["open"]},
        "pushed": {"label": "已推送", "tags": ["open"]},
        "handled": {"label": "已处置", "tags": ["open"]},
        "fed_back": {"label": "已反馈", "tags": ["terminal"]},
    },
    "transitions": [
        {"action": "push", "label": "推送", "from": ["received"], "to": "pushed", "roles": PLANNERS,
         "guards": ["department_chosen"], "effects": ["push"]},
        {"action": "handle", "label": "处置", "from": ["pushed"], "to": "handled", "roles": DEPARTMENT,
         "guards": ["note_given"], "effects": ["record_handling"]},
        {"action": "feedback", "label": "反馈", "from": ["handled"], "to": "fed_back", "roles": DEPARTMENT,
         "guards": ["note_given"], "effects": ["record_feedback", "close"]},
    ],
}

PLAN_WORKFLOW = Workflow.from_definition(PLAN_FLOW, VOCABULARY)
INSPECTION_WORKFLOW = Workflow.from_definition(INSPECTION_FLOW, VOCABULARY)
TASK_WORKFLOW = Workflow.from_definition(TASK_FLOW, VOCABULARY)
CLUE_WORKFLOW = Workflow.from_definition(CLUE_FLOW, VOCABULARY)
WORKFLOWS = (PLAN_WORKFLOW, INSPECTION_WORKFLOW, TASK_WORKFLOW, CLUE_WORKFLOW)
