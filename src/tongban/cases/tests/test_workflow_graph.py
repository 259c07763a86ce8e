"""The shipped case workflows, walked as a graph: a case can always reach a decision.

The checks every app's workflows share (a terminal state from everywhere, no unreachable
state) are tests/test_workflow_graphs.py."""

import pytest

from tongban.cases.models import WorkflowDefinition
from tongban.cases.states import states_tagged
from tongban.cases.workflow import WORKFLOWS
from tongban.cases.workflow_definitions import SHIPPED


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.code)
def test_every_action_names_states_of_its_workflow(workflow):
    for definition in SHIPPED:
        if definition["code"] == workflow.code:
            for raw in definition["transitions"]:
                assert set(raw["from"]) <= set(definition["states"]), raw["action"]
                assert raw["to"] in definition["states"], raw["action"]
    assert workflow.initial in workflow.states
    assert workflow.terminal and workflow.terminal <= set(workflow.states)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.code)
def test_every_state_a_case_can_be_in_has_a_path_to_a_decision(workflow):
    decided = set(workflow.states_tagged("decided"))
    assert decided
    for state in workflow.states:  # every state, not only those reachable from the initial one
        if state in workflow.terminal or state in decided:
            continue
        assert workflow.reachable(state) & decided, f"{workflow.code}: no decision from {state}"
    assert workflow.reachable(workflow.initial) & decided


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.code)
def test_refusals_are_signed_by_a_department_head_and_destructive_steps_are_declared(workflow):
    for transition in workflow.transitions:
        if workflow.has_tag(transition.target, "refusal") and workflow.has_tag(transition.target, "decided"):
            assert transition.roles == {"department_head"} and "signed_by_other" in transition.guards, \
                f"{workflow.code}.{transition.action}"
            assert transition.destructive
        if transition.target in {"withdrawn", "terminated", "revoked"}:
            assert transition.destructive, f"{workflow.code}.{transition.action}"


def test_the_window_is_not_offered_acceptance_of_an_immediate_case():
    immediate = next(w for w in WORKFLOWS if w.code == "immediate")
    offered = {t.action for t in immediate.allowed("submitted", {"intake_clerk"})}
    assert "approve_on_the_spot" in offered and "accept" not in offered


def test_queues_and_jobs_find_states_by_tag():
    assert states_tagged("in_progress") == ("accepted", "in_review", "review_correction", "special_procedure")
    assert set(states_tagged("terminal")) == {"completed", "not_accepted", "withdrawn", "terminated", "revoked"}
    with pytest.raises(KeyError):
        states_tagged("no_such_tag")


@pytest.mark.django_db
def test_the_database_holds_the_shipped_definitions():
    """The latest cases migration seeds them again, so an existing database gets the new ones."""
    stored = {row.code: row.definition for row in WorkflowDefinition.objects.all()}
    for definition in SHIPPED:
        assert stored[definition["code"]] == definition


@pytest.mark.django_db
def test_the_reseeding_migration_replaces_an_older_definition():
    from importlib import import_module

    from django.apps import apps

    reseed = import_module("tongban.cases.migrations.0011_co_task_due_date_reseed_workflows").reseed
    WorkflowDefinition.objects.filter(code="immediate").update(definition={"old": True})
    reseed(apps, None)
    immediate = WorkflowDefinition.objects.get(code="immediate")
    assert "accept" not in {t.action for t in immediate.workflow.allowed("submitted", {"intake_clerk"})}
