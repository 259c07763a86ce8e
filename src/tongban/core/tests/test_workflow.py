"""The workflow engine on a small made-up flow: what a definition may say, and how a step runs."""

import pytest

from tongban.core.workflow import Engine, Vocabulary, Workflow, WorkflowError

VOCABULARY = Vocabulary(guards=frozenset({"first", "second", "shared_a", "shared_b", "outside"}),
                        effects=frozenset({"stamp", "note"}), tags=frozenset({"open"}))


def definition(**changes) -> dict:
    flow = {
        "code": "demo", "initial": "draft",
        "states": {"draft": {"label": "草稿", "tags": ["open"]}, "review": {"label": "审查", "tags": ["open"]},
                   "done": {"label": "完成", "tags": ["terminal"]}},
        "transitions": [
            {"action": "send", "label": "送审", "from": ["draft"], "to": "review", "roles": ["clerk"],
             "guards": ["second", "first"], "effects": ["note", "stamp"]},
            {"action": "finish", "label": "完成", "from": ["review"], "to": "done", "roles": ["head"],
             "guards": ["shared_b", "shared_a", "outside"]},
            {"action": "back", "label": "退回", "from": ["review"], "to": "draft", "roles": ["head", "clerk"]},
        ],
    }
    return {**flow, **changes}


def transitions_with(**changes) -> list[dict]:
    first, *rest = definition()["transitions"]
    return [{**first, **changes}, *rest]


def test_a_definition_becomes_a_workflow_with_lookups_by_state_action_role_and_tag():
    workflow = Workflow.from_definition(definition(), VOCABULARY)
    assert workflow.terminal == {"done"} and workflow.states_tagged("open") == ("draft", "review")
    assert workflow.find("review", "finish").target == "done" and workflow.find("draft", "finish") is None
    assert [t.action for t in workflow.allowed("review", {"clerk"})] == ["back"]
    assert [t.action for t in workflow.allowed("review", ["head"])] == ["finish", "back"]
    assert workflow.label_of("review") == "审查" and workflow.label_of("gone") == "gone"
    assert workflow.has_tag("draft", "open") and not workflow.has_tag("done", "open")
    assert workflow.unreachable() == set() and workflow.reachable("review") == {"review", "draft", "done"}


@pytest.mark.parametrize(("changes", "message"), [
    ({"initial": "nowhere"}, "initial state"),
    ({"states": {**definition()["states"], "draft": {"label": "草稿", "tags": ["closed"]}}}, "unknown tags"),
    ({"transitions": transitions_with(to="nowhere")}, "unknown states"),
    ({"transitions": transitions_with(guards=["forgotten"])}, "unknown guards"),
    ({"transitions": transitions_with(effects=["forgotten"])}, "unknown effects"),
    ({"transitions": transitions_with(action="back", **{"from": ["review"]})}, "action back twice from review"),
    ({"transitions": definition()["transitions"][:1] + definition()["transitions"][2:]}, "no path to a terminal"),
])
def test_a_definition_that_cannot_run_is_refused(changes, message):
    with pytest.raises(WorkflowError, match=message):
        Workflow.from_definition(definition(**changes), VOCABULARY)


def test_an_unreachable_state_is_reported_not_refused():
    states = {**definition()["states"], "legacy": {"label": "旧状态"}}
    legacy = {"action": "end", "label": "结束", "from": ["legacy"], "to": "done", "roles": ["head"]}
    workflow = Workflow.from_definition(
        definition(states=states, transitions=[*definition()["transitions"], legacy]), VOCABULARY)
    assert workflow.unreachable() == {"legacy"}


class Refused(Exception):
    pass


def engine(calls: list, **overrides) -> Engine:
    def guard(name):
        return lambda transition, subject, command, actor, now: calls.append(name)

    def shared(transition, subject, command, actor, now):
        calls.append("shared")

    def effect(name):
        def apply(subject, command, actor, now, context):
            calls.append(name)
            return {name: context}
        return apply

    options = {
        "guards": {"first": guard("first"), "second": guard("second"), "shared_a": shared, "shared_b": shared,
                   "outside": None},
        "effects": {"stamp": effect("stamp"), "note": effect("note")},
        "unknown_action": lambda action, label: Refused(f"{label}: no {action}"),
        "refused": lambda workflow, transition, roles: Refused(f"not {transition.label}"),
    }
    return Engine(VOCABULARY, **{**options, **overrides})


def test_guards_run_in_the_apps_order_once_each_and_effects_in_the_transitions_order():
    workflow, calls = Workflow.from_definition(definition(), VOCABULARY), []
    runner = engine(calls)
    send = runner.find(workflow, "draft", "send", state_label="草稿")
    runner.permit(workflow, send, {"clerk"})
    runner.check_guards(send, None, None, None, None)
    details = runner.apply_effects(send, None, None, None, None, "ctx", {"kept": 1})
    runner.check_guards(workflow.find("review", "finish"), None, None, None, None)
    assert calls == ["first", "second", "note", "stamp", "shared"]  # "outside": the app checks it itself
    assert details == {"kept": 1, "note": "ctx", "stamp": "ctx"}


def test_unknown_steps_and_roles_raise_the_apps_errors():
    workflow, runner = Workflow.from_definition(definition(), VOCABULARY), engine([])
    with pytest.raises(Refused, match="草稿: no finish"):
        runner.find(workflow, "draft", "finish", state_label="草稿")
    with pytest.raises(Refused, match="not 完成"):
        runner.permit(workflow, workflow.find("review", "finish"), {"clerk"})


def test_an_engine_must_implement_exactly_its_vocabulary():
    with pytest.raises(WorkflowError, match=r"guards declared but not implemented: \['outside'\]"):
        engine([], guards={"first": None, "second": None, "shared_a": None, "shared_b": None})
    with pytest.raises(WorkflowError, match=r"effects implemented but not declared: \['extra'\]"):
        engine([], effects={"stamp": None, "note": None, "extra": None})
