"""The case state machine's vocabulary (pure Python, no Django; the engine: tongban.core.workflow).

A workflow definition lists states and transitions; each transition names who may take it,
the guards that must hold and the effects it has (start the clock, pause it, issue a notice…).
Effects and guards come from the fixed vocabulary below, implemented once in
services/transitions.py, so an item gets its own flow by data — more review steps, the window
finishing 即办件 on the spot — never by code written for that item. The definitions are stored
in WorkflowDefinition (an item version chooses one); those shipped are workflow_definitions.py.
"""

from collections.abc import Mapping
from typing import Any

from tongban.core.workflow import Vocabulary, Workflow

from .workflow_definitions import SHIPPED

EFFECTS = frozenset({
    "start_clock",           # 受理: the legal period starts the day after acceptance
    "pause_correction",      # 补正: clock stops until the applicant resubmits
    "pause_special",         # 特别程序: clock stops, bounded by the procedure's maximum
    "resume_clock",          # end of a pause
    "pause_suspension",      # 中止: clock stops until 恢复
    "extend_limit",          # 延长审批: the item's extension days are added to the limit
    "open_tasks",            # 并联审批: one sub-task per participating department
    "decide_approved",       # 准予
    "decide_denied",         # 不予
    "not_accepted",          # 不予受理
    "issue_result",          # 制证 / 出件: result ready at the exit window, by post or online
    "record_pickup",         # 领取
    "close",                 # 办结
    "notice_acceptance", "notice_correction", "notice_rejection", "notice_decision",
    "notice_special_procedure",  # 特别程序告知书 (also for 延长审批)
    "emit_decided",          # domain event for licences, 审管联动 and metrics
})
GUARDS = frozenset({
    "all_tasks_done",        # 并联审批 merges only when every department has finished
    "reason_given",          # a refusal or correction must say why
    "legal_basis_given",     # 不予受理 / 不予许可 cite the law
    "materials_listed",      # 补正 lists everything missing at once (一次性告知)
    "no_task_denied",        # 并联审批: a co-department's 不同意 blocks 准予 (不予, or ask it again)
    "signed_by_other",       # 签发: a department head other than the one who proposed it
    "materials_complete",    # 受理: 预审 lists no required material as missing (容缺 ones are promised)
    "waived_materials_in",   # 准予/不予: every 容缺 material delivered, or its promise resolved
})
TAGS = frozenset({
    "open", "waiting", "in_progress", "sign_off", "result", "awaiting_pickup", "co_review",
    "decided", "terminal", "concluded", "refusal", "ratable",
})  # meanings: workflow_definitions.py


VOCABULARY = Vocabulary(guards=GUARDS, effects=EFFECTS, tags=TAGS)


def case_workflow(definition: Mapping[str, Any]) -> Workflow:
    """A case workflow from its definition, checked against the case vocabulary."""
    return Workflow.from_definition(definition, VOCABULARY)


WORKFLOWS = tuple(case_workflow(definition) for definition in SHIPPED)  # the shipped ones
