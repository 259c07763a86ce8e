"""Every workflow of every app, walked as a graph (tongban.core.workflow).

An app ships its workflows as `WORKFLOWS` in its `workflow` module; this walk finds them through
the installed apps, so a new app's workflow is checked without being listed here.
"""

from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps

from tongban.core.workflow import TERMINAL, Workflow


def _shipped() -> list[tuple[str, Workflow]]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("tongban.") and find_spec(f"{config.name}.workflow") is not None:
            module = import_module(f"{config.name}.workflow")
            found += [(config.label, workflow) for workflow in module.WORKFLOWS]
    return found


SHIPPED = _shipped()
IDS = [f"{app}.{workflow.code}" for app, workflow in SHIPPED]

# States a flow keeps for the records that were in them before it changed, with what follows
# from them: the 即办件 flow no longer offers 受理, but cases accepted before still run its review.
KEPT = {"immediate": "accepted"}


def test_cases_and_tickets_are_among_them():
    assert {"cases.standard", "cases.standard_signed", "cases.immediate", "hotline.hotline"} <= set(IDS)


@pytest.mark.parametrize(("app", "workflow"), SHIPPED, ids=IDS)
def test_every_non_terminal_state_reaches_a_terminal_state(app, workflow):
    assert workflow.terminal == set(workflow.states_tagged(TERMINAL)) and workflow.terminal
    for state in workflow.states:
        if state not in workflow.terminal:
            assert workflow.reachable(state) & workflow.terminal, f"{workflow.code}: {state} never ends"


@pytest.mark.parametrize(("app", "workflow"), SHIPPED, ids=IDS)
def test_every_state_is_reachable_from_the_initial_one_unless_kept(app, workflow):
    expected = set()
    if workflow.code in KEPT:
        expected = workflow.reachable(KEPT[workflow.code]) - workflow.reachable(workflow.initial)
        assert expected, f"{workflow.code}: nothing kept any more, drop it from KEPT"
    assert workflow.unreachable() == expected


@pytest.mark.parametrize(("app", "workflow"), SHIPPED, ids=IDS)
def test_every_state_and_step_is_labelled_and_someone_may_take_each_step(app, workflow):
    for transition in workflow.transitions:  # a terminal state may still be left (撤销 of a 办结 case)
        assert transition.roles and transition.label, f"{workflow.code}.{transition.action}"
    for state, label in workflow.states.items():
        assert label and label != state, f"{workflow.code}.{state}"
