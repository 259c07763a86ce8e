"""证照状态 — the licence life cycle as data, run by the shared engine (tongban.core.workflow).

有效 ⇄ 暂停; 有效 / 暂停 → 注销 (the holder gives it up, or a re-issue replaces it), 吊销
(sanction), 撤销 (the approval behind it is withdrawn, e.g. a broken 告知承诺). 过期 is not a
state: it is derived from the validity date (Licence.effective_status). Roles are accounts.Role
values; "system" is the outbox worker.
"""

from tongban.core.workflow import Vocabulary, Workflow

ISSUER = ["reviewer", "department_head", "admin"]

VOCABULARY = Vocabulary(
    effects=frozenset(),
    guards=frozenset({"reason_given"}),
    tags=frozenset({"usable"}),
)

STATES = {
    "valid": {"label": "有效", "tags": ["usable"]},
    "suspended": {"label": "暂停", "tags": []},
    "cancelled": {"label": "注销", "tags": ["terminal"]},
    "revoked": {"label": "吊销", "tags": ["terminal"]},
    "withdrawn": {"label": "撤销", "tags": ["terminal"]},
}

LICENCE_FLOW = {
    "code": "licence",
    "name": "电子证照状态",
    "initial": "valid",
    "states": STATES,
    "transitions": [
        {"action": "suspend", "label": "暂停", "from": ["valid"], "to": "suspended", "roles": ISSUER,
         "guards": ["reason_given"]},
        {"action": "resume", "label": "恢复", "from": ["suspended"], "to": "valid", "roles": ISSUER,
         "guards": ["reason_given"]},
        {"action": "cancel", "label": "注销", "from": ["valid", "suspended"], "to": "cancelled",
         "roles": [*ISSUER, "system"], "guards": ["reason_given"]},
        {"action": "revoke", "label": "吊销", "from": ["valid", "suspended"], "to": "revoked",
         "roles": ISSUER, "guards": ["reason_given"]},
        {"action": "withdraw", "label": "撤销", "from": ["valid", "suspended"], "to": "withdrawn",
         "roles": [*ISSUER, "system"], "guards": ["reason_given"]},
    ],
}

LICENCE_WORKFLOW = Workflow.from_definition(LICENCE_FLOW, VOCABULARY)
WORKFLOWS = (LICENCE_WORKFLOW,)

#: Status codes of the signed status list (4 bits per licence); 0 is 有效.
STATUS_CODES = {"valid": 0, "suspended": 1, "cancelled": 2, "revoked": 3, "withdrawn": 4}
STATUS_LABELS = {state: spec["label"] for state, spec in STATES.items()}
EXPIRED, EXPIRED_LABEL = "expired", "过期"
