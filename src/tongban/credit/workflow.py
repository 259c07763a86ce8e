"""信用修复 as data, run by the shared engine (tongban.core.workflow).

The subject applies with evidence (待审核); the department repairs (the record stops counting and
leaves the public view, its history kept) or refuses with a reason. Roles are accounts.Role values.
"""

from tongban.core.workflow import Vocabulary, Workflow

REVIEWERS = ["reviewer", "department_head", "admin"]

VOCABULARY = Vocabulary(
    effects=frozenset({"repair_record", "record_review"}),
    guards=frozenset({"note_given"}),
    tags=frozenset({"open"}),
)

REPAIR_FLOW = {
    "code": "credit_repair",
    "name": "信用修复",
    "initial": "applied",
    "states": {
        "applied": {"label": "待审核", "tags": ["open"]},
        "repaired": {"label": "已修复", "tags": ["terminal"]},
        "refused": {"label": "不予修复", "tags": ["terminal"]},
    },
    "transitions": [
        {"action": "repair", "label": "准予修复", "from": ["applied"], "to": "repaired", "roles": REVIEWERS,
         "effects": ["record_review", "repair_record"]},
        {"action": "refuse", "label": "不予修复", "from": ["applied"], "to": "refused", "roles": REVIEWERS,
         "guards": ["note_given"], "effects": ["record_review"], "destructive": True},
    ],
}

REPAIR_WORKFLOW = Workflow.from_definition(REPAIR_FLOW, VOCABULARY)
WORKFLOWS = (REPAIR_WORKFLOW,)
