"""The case state machine as data (pure Python, no Django).

A workflow definition lists states and transitions; each transition names who may take it,
the guards that must hold and the effects it has (start the clock, pause it, issue a notice…).
Effects and guards come from a fixed vocabulary implemented once in the services, so an item
gets its own flow by data — more review steps, the window finishing 即办件 on the spot — never
by code written for that item.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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


class WorkflowError(ValueError):
    """A definition that cannot be run: unknown state, effect or guard."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    destructive: bool = False  # 不予, 终止, 撤回 …: shown in danger style, confirmed before it is taken


@dataclass(frozen=True)
class Workflow:
    code: str
    states: Mapping[str, str]  # state -> label
    initial: str
    terminal: frozenset[str]
    transitions: tuple[Transition, ...]
    tags: Mapping[str, frozenset[str]]  # state -> its tags

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any]) -> "Workflow":
        # a state is {"label": …, "tags": […]}; a bare label (definitions before tags) has none
        specs = {state: spec if isinstance(spec, Mapping) else {"label": spec}
                 for state, spec in definition["states"].items()}
        states = {state: spec.get("label", state) for state, spec in specs.items()}
        tags = {state: frozenset(spec.get("tags", ())) for state, spec in specs.items()}
        transitions = tuple(
            Transition(
                action=raw["action"], label=raw.get("label", raw["action"]),
                sources=frozenset(raw["from"]), target=raw["to"], roles=frozenset(raw["roles"]),
                guards=tuple(raw.get("guards", ())), effects=tuple(raw.get("effects", ())),
                destructive=bool(raw.get("destructive", False)),
            )
            for raw in definition["transitions"]
        )
        terminal = frozenset(definition.get("terminal", ())) | {s for s, t in tags.items() if "terminal" in t}
        workflow = cls(code=definition["code"], states=states, initial=definition["initial"],
                       terminal=terminal, transitions=transitions, tags=tags)
        workflow._check()
        return workflow

    def _check(self) -> None:
        known = set(self.states)
        if self.initial not in known or not self.terminal <= known:
            raise WorkflowError(f"{self.code}: initial/terminal state not among the states")
        for state, tags in self.tags.items():
            if bad := tags - TAGS:
                raise WorkflowError(f"{self.code}.{state}: unknown tags {sorted(bad)}")
        seen: set[tuple[str, str]] = set()
        for transition in self.transitions:
            unknown = (transition.sources | {transition.target}) - known
            if unknown:
                raise WorkflowError(f"{self.code}.{transition.action}: unknown states {sorted(unknown)}")
            if bad := set(transition.effects) - EFFECTS:
                raise WorkflowError(f"{self.code}.{transition.action}: unknown effects {sorted(bad)}")
            if bad := set(transition.guards) - GUARDS:
                raise WorkflowError(f"{self.code}.{transition.action}: unknown guards {sorted(bad)}")
            for source in transition.sources:
                if (source, transition.action) in seen:
                    raise WorkflowError(f"{self.code}: action {transition.action} twice from {source}")
                seen.add((source, transition.action))

    def available(self, state: str, roles: Iterable[str]) -> list[Transition]:
        """Transitions from `state` that someone holding `roles` may take."""
        roles = set(roles)
        return [t for t in self.transitions if state in t.sources and t.roles & roles]

    def find(self, state: str, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action and state in t.sources), None)

    def label_of(self, state: str) -> str:
        return self.states.get(state, state)

    def has_tag(self, state: str, tag: str) -> bool:
        return tag in self.tags.get(state, ())

    def tagged(self, tag: str) -> tuple[str, ...]:
        """The states carrying `tag`, in the definition's order."""
        return tuple(state for state, tags in self.tags.items() if tag in tags)
