"""Workflows as data, and the one engine that runs them (pure Python, no Django).

A workflow is a state machine written as data: states with a label and tags, transitions that
say who may take them, which guards must hold and which effects follow. Cases (办件), 12345
tickets and every later app with a life cycle (licences, procedures …) declare theirs this way
and share the checks and the runner below; only the guards and effects, which touch an app's
own models, are the app's.

How an app declares a workflow
------------------------------
1. ``<app>/workflow.py`` (no Django imports) declares the vocabulary its services implement
   and the definition(s) as plain data::

       VOCABULARY = Vocabulary(
           guards=frozenset({"reason_given"}),          # checks that may refuse a step
           effects=frozenset({"record_reply", "close"}),  # what a step does besides moving the state
           tags=frozenset({"open", "in_progress"}),       # meanings code asks for ("terminal" is built in)
       )
       FLOW = {
           "code": "licence", "initial": "draft",
           "states": {"draft": {"label": "草稿", "tags": ["open"]},
                      "issued": {"label": "已发证", "tags": ["terminal"]}},
           "transitions": [
               {"action": "issue", "label": "发证", "from": ["draft"], "to": "issued",
                "roles": ["department_head"], "guards": ["reason_given"], "effects": ["close"],
                "destructive": False},   # destructive: danger style, confirmed before it is taken
           ],
       }
       WORKFLOWS = (Workflow.from_definition(FLOW, VOCABULARY),)

   ``from_definition`` refuses (WorkflowError) a definition naming an unknown state, tag, guard
   or effect, offering one action twice from a state, or with a state from which no path leads
   to a terminal state. ``WORKFLOWS`` lists every workflow the app ships:
   tests/test_workflow_graphs.py walks those of every installed app.
2. Its services build one ``Engine(VOCABULARY, guards={...}, effects={...}, unknown_action=...,
   refused=...)``: a function per guard and effect name (the engine refuses to start if one is
   missing or unknown), and the app's own errors. A step then reads::

       transition = ENGINE.find(workflow, subject.status, command.action, state_label=label)
       ENGINE.permit(workflow, transition, roles_of(actor, subject))
       ENGINE.check_guards(transition, subject, command, actor, now)
       details = ENGINE.apply_effects(transition, subject, command, actor, now, context, {})
       subject.status = transition.target   # then the app's audit entry and save

   A guard is ``check(transition, subject, command, actor, now)`` and raises the app's error;
   guards run in the order the app's ``guards`` mapping lists them, whatever order the data
   names them in, and a function registered under several names runs once (so guards that
   share a query need not repeat it). A name mapped to None is declared but checked by the
   app's runner itself (say why next to it). An effect is ``apply(subject, command, actor,
   now, context)``, runs in the order the transition lists its effects, and may return a dict
   that is added to the step's audit details; ``context`` is whatever the app's effects need
   besides (the case engine passes its pending writes).
3. Code finds states by meaning, never by name: ``workflow.states_tagged("in_progress")``,
   ``workflow.has_tag(state, "result")``; ``workflow.terminal`` are the states tagged terminal.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TERMINAL = "terminal"  # nothing follows: the only tag the engine itself gives a meaning

_EMPTY: Mapping[str, Any] = {}


class WorkflowError(ValueError):
    """A definition that cannot be run: unknown state, tag, effect or guard, or a dead end."""


@dataclass(frozen=True)
class Vocabulary:
    """The guard, effect and tag names one app implements; its definitions may use no others."""

    guards: frozenset[str]
    effects: frozenset[str]
    tags: frozenset[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", frozenset(self.tags) | {TERMINAL})


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
    states: Mapping[str, str]  # state -> label, in the definition's order
    initial: str
    terminal: frozenset[str]
    transitions: tuple[Transition, ...]
    tags: Mapping[str, frozenset[str]]  # state -> its tags
    # state -> {action: transition}: find() and allowed() run on every request
    _from: Mapping[str, Mapping[str, Transition]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        outgoing: dict[str, dict[str, Transition]] = {}
        for transition in self.transitions:
            for source in transition.sources:
                outgoing.setdefault(source, {}).setdefault(transition.action, transition)
        object.__setattr__(self, "_from", outgoing)

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any], vocabulary: Vocabulary) -> "Workflow":
        # a state is {"label": …, "tags": […]}; a bare label (case definitions before tags) has none
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
        terminal = frozenset(state for state, state_tags in tags.items() if TERMINAL in state_tags)
        workflow = cls(code=definition["code"], states=states, initial=definition["initial"],
                       terminal=terminal, transitions=transitions, tags=tags)
        workflow._check(vocabulary)
        return workflow

    def _check(self, vocabulary: Vocabulary) -> None:
        known = set(self.states)
        if self.initial not in known:
            raise WorkflowError(f"{self.code}: initial state {self.initial!r} not among the states")
        for state, tags in self.tags.items():
            if bad := tags - vocabulary.tags:
                raise WorkflowError(f"{self.code}.{state}: unknown tags {sorted(bad)}")
        seen: set[tuple[str, str]] = set()
        for transition in self.transitions:
            name = f"{self.code}.{transition.action}"
            if unknown := (transition.sources | {transition.target}) - known:
                raise WorkflowError(f"{name}: unknown states {sorted(unknown)}")
            if bad := set(transition.effects) - vocabulary.effects:
                raise WorkflowError(f"{name}: unknown effects {sorted(bad)}")
            if bad := set(transition.guards) - vocabulary.guards:
                raise WorkflowError(f"{name}: unknown guards {sorted(bad)}")
            for source in transition.sources:
                if (source, transition.action) in seen:
                    raise WorkflowError(f"{self.code}: action {transition.action} twice from {source}")
                seen.add((source, transition.action))
        if stuck := self.dead_ends():
            raise WorkflowError(f"{self.code}: no path to a terminal state from {sorted(stuck)}")

    def dead_ends(self) -> frozenset[str]:
        """States from which no sequence of transitions (whoever may take them) reaches a terminal one."""
        ending = set(self.terminal)
        grew = True
        while grew:
            grew = False
            for transition in self.transitions:
                if transition.target in ending and not transition.sources <= ending:
                    ending |= transition.sources
                    grew = True
        return frozenset(self.states) - ending

    def reachable(self, start: str) -> frozenset[str]:
        """States reachable from `start` by any transition, whoever may take it (all roles combined)."""
        seen, todo = {start}, [start]
        while todo:
            for transition in self._from.get(todo.pop(), _EMPTY).values():
                if transition.target not in seen:
                    seen.add(transition.target)
                    todo.append(transition.target)
        return frozenset(seen)

    def unreachable(self) -> frozenset[str]:
        """States no path from the initial one leads to. Not an error: a flow may keep a state for
        the records that were in it before the flow changed (the 即办件 flow keeps 已受理)."""
        return frozenset(self.states) - self.reachable(self.initial)

    def allowed(self, state: str, roles: Iterable[str]) -> list[Transition]:
        """Transitions from `state` that someone holding `roles` may take."""
        roles = set(roles)
        return [t for t in self._from.get(state, _EMPTY).values() if not t.roles.isdisjoint(roles)]

    def find(self, state: str, action: str) -> Transition | None:
        return self._from.get(state, _EMPTY).get(action)

    def label_of(self, state: str) -> str:
        return self.states.get(state, state)

    def has_tag(self, state: str, tag: str) -> bool:
        return tag in self.tags.get(state, ())

    def states_tagged(self, tag: str) -> tuple[str, ...]:
        """The states carrying `tag`, in the definition's order."""
        return tuple(state for state, tags in self.tags.items() if tag in tags)


Guard = Callable[[Transition, Any, Any, Any, Any], None]
Effect = Callable[[Any, Any, Any, Any, Any], "dict | None"]


class Engine:
    """One app's runner: picks the transition, checks roles and guards, applies the effects.

    Loading the subject, the version check, the audit entry and the save stay with the app,
    which knows its rows and its transaction; see the module docstring for a whole step.
    """

    def __init__(self, vocabulary: Vocabulary, *, guards: Mapping[str, Guard | None],
                 effects: Mapping[str, Effect], unknown_action: Callable[[str, str], Exception],
                 refused: Callable[[Workflow, Transition, set[str]], Exception]) -> None:
        for kind, declared, given in (("guards", vocabulary.guards, guards), ("effects", vocabulary.effects, effects)):
            if missing := declared - set(given):
                raise WorkflowError(f"{kind} declared but not implemented: {sorted(missing)}")
            if extra := set(given) - declared:
                raise WorkflowError(f"{kind} implemented but not declared: {sorted(extra)}")
        self.vocabulary = vocabulary
        self._guards = dict(guards)
        self._order = {name: index for index, name in enumerate(guards)}
        self._effects = dict(effects)
        self._unknown_action, self._refused = unknown_action, refused
        self._plans: dict[tuple[str, ...], tuple[Guard, ...]] = {}  # a transition's guards -> checks to run

    def find(self, workflow: Workflow, state: str, action: str, *, state_label: str) -> Transition:
        """The transition `action` from `state`, or the app's unknown_action error."""
        transition = workflow.find(state, action)
        if transition is None:
            raise self._unknown_action(action, state_label)
        return transition

    def permit(self, workflow: Workflow, transition: Transition, roles: set[str]) -> None:
        """Nothing if one of `roles` may take `transition`, else the app's refusal."""
        if transition.roles.isdisjoint(roles):
            raise self._refused(workflow, transition, roles)

    def check_guards(self, transition: Transition, subject, command, actor, now) -> None:
        plan = self._plans.get(transition.guards)
        if plan is None:
            plan = self._plans[transition.guards] = self._plan(transition.guards)
        for check in plan:
            check(transition, subject, command, actor, now)

    def _plan(self, names: tuple[str, ...]) -> tuple[Guard, ...]:
        checks: dict[Guard, None] = {}
        for name in sorted(names, key=self._order.__getitem__):
            if (check := self._guards[name]) is not None:
                checks.setdefault(check)
        return tuple(checks)

    def apply_effects(self, transition: Transition, subject, command, actor, now, context,
                      details: dict) -> dict:
        """Each effect in the transition's order; what they return is added to `details`."""
        effects = self._effects
        for name in transition.effects:
            added = effects[name](subject, command, actor, now, context)
            if added:
                details.update(added)
        return details
