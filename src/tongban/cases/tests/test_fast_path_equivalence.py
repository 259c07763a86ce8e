"""The fast path and the plain ORM path write the same rows, for every transition of every shipped workflow.

For each workflow in tongban.cases.workflow.WORKFLOWS (those tests/test_workflow_graphs.py walks) and each state a
transition leaves from, a case is brought to that state through the service, then each transition from there is taken
twice on the same starting data, each time in a savepoint rolled back afterwards: once as transition_case takes it
(tongban.core.fastpath batched), once in `plain_orm()` (ORM read, `save()`, `QuerySet.update()`,
`save(update_fields=…)`). Every table either run writes (seen in the SQL it sends) is compared row by row: the case,
tasks, pauses, notices, pickups, outbox events and audit entries (before/after and hashes included). What differs by
construction is blanked: ids of rows a run inserted (and references to them), and values no `now` controls (random
verification codes).
"""

from collections import deque
from datetime import datetime

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tongban.cases import services
from tongban.cases.models import Case, WorkflowDefinition
from tongban.cases.services import transitions
from tongban.cases.workflow import WORKFLOWS
from tongban.catalog.models import SpecialProcedure
from tongban.core import fastpath
from tongban.core.workflow import Transition, Workflow

from .conftest import at, self_pickup, submit_online

BASIS = "《中华人民共和国行政许可法》第三十八条"
# values a run draws at random (not from `now`): (model label, field)
RANDOM = {("cases.Notice", "verification_code")}
# the apps whose rows may be written (any other table a run writes counts all its rows as new)
COMPARED_APPS = ("cases", "audit", "events")


def _edges(workflow: Workflow) -> list[tuple[str, Transition, Workflow]]:
    return [(source, t, workflow) for t in workflow.transitions for source in sorted(t.sources)]


def _path(workflow: Workflow, state: str) -> list[tuple[Transition, Workflow]]:
    """The shortest way from the initial state to `state`: in `workflow`, else (a state it keeps for older cases,
    such as 已受理 of 即办件) through the other shipped workflows' steps."""
    for graph in ([workflow], [workflow, *WORKFLOWS]):
        edges = [edge for flow in graph for edge in _edges(flow)]
        previous: dict[str, tuple[str, Transition, Workflow] | None] = {workflow.initial: None}
        queue = deque([workflow.initial])
        while queue:
            current = queue.popleft()
            for source, transition, flow in edges:
                if source == current and transition.target not in previous:
                    previous[transition.target] = (current, transition, flow)
                    queue.append(transition.target)
        if state in previous:
            path = []
            while previous[state] is not None:
                state, transition, flow = previous[state]
                path.append((transition, flow))
            return path[::-1]
    raise AssertionError(f"{workflow.code}: {state} unreachable")


def _actor(cw, transition: Transition):
    for role, actor in (("reviewer", cw.reviewer), ("intake_clerk", cw.clerk), ("department_head", cw.head),
                        ("applicant", cw.citizen)):
        if role in transition.roles:
            return actor
    assert "system" in transition.roles, transition
    return None


def _command(cw, transition: Transition) -> services.Command:
    return services.Command(
        transition.action, reason="经审查，情况属实", legal_basis=BASIS, materials=("场所使用证明",),
        procedure="site_inspection" if transition.action == "start_special_procedure" else "",
        pickup=self_pickup(cw.citizen) if transition.action == "pick_up" else None)


def _use(case: Case, workflow: Workflow) -> None:
    Case.objects.filter(pk=case.pk).update(workflow=WorkflowDefinition.objects.get(code=workflow.code))


def _step(cw, case: Case, transition: Transition, now: datetime) -> Case:
    return services.transition_case(actor=_actor(cw, transition), case_number=case.number,
                                    command=_command(cw, transition), now=now)


def _case_in(cw, workflow: Workflow, state: str) -> Case:
    case = submit_online(cw, at(2026, 3, 2))
    for transition, flow in _path(workflow, state):
        _use(case, flow)
        case = _step(cw, case, transition, at(2026, 3, 3))
        if case.status == "in_review" and case.tasks.filter(is_lead=False, status="pending").exists():
            services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True,
                                   opinion="同意", now=at(2026, 3, 3))
    _use(case, workflow)
    return case


def _tables_written(queries: list[dict]) -> set[str]:
    names = {model._meta.db_table: model for model in apps.get_models()}
    written = set()
    for query in queries:
        sql = query["sql"]
        for verb in ("INSERT INTO ", "UPDATE ", "DELETE FROM "):
            for part in sql.split(verb)[1:]:
                table = part.split(None, 1)[0].strip('"`')
                if table in names:
                    written.add(table)
    return written


def _pks() -> dict:
    return {model: set(model._base_manager.values_list("pk", flat=True))
            for model in apps.get_models() if model._meta.app_label in COMPARED_APPS}


def _rows(tables: set[str], before: dict) -> dict:
    """The rows of `tables` and of the case table; ids of rows added since `before` (and references to them)
    replaced by a number: rows are numbered in the order of their contents, since the writes of one WITH
    statement take their ids in no set order."""
    models = [model for model in apps.get_models() if model._meta.db_table in tables | {Case._meta.db_table}]
    raw = {model: list(model._base_manager.order_by("pk").values(*[f.attname for f in model._meta.concrete_fields]))
           for model in models}
    new = {model: [row for row in rows if row[model._meta.pk.attname] not in before.get(model, ())]
           for model, rows in raw.items()}
    added = {}
    for model, rows in new.items():
        pk = model._meta.pk.attname
        references = {f.attname for f in model._meta.concrete_fields if f.is_relation and new.get(f.related_model)}
        content = sorted(rows, key=lambda row: repr([v for k, v in row.items() if k != pk and k not in references]))
        added[model] = {row[pk]: f"new {index}" for index, row in enumerate(content)}
    result = {}
    for model, rows in raw.items():
        pk = model._meta.pk.attname
        relations = [(f.attname, f.related_model) for f in model._meta.concrete_fields if f.is_relation]
        random = [name for label, name in RANDOM if label == model._meta.label]
        normalised = []
        for row in rows:
            row = dict(row)
            row[pk] = added[model].get(row[pk], row[pk])
            for name, related in relations:
                if related in added:
                    row[name] = added[related].get(row[name], row[name])
            for name in random:
                row[name] = "<random>" if row[name] else row[name]
            normalised.append(row)
        result[model._meta.label] = sorted(normalised, key=repr)
    return result


def _run(cw, case: Case, transition: Transition, before: dict, *, plain: bool) -> tuple[set[str], dict | str]:
    """The tables one run writes and the rows afterwards (or the refusal), rolled back."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            try:
                if plain:
                    with transitions.plain_orm():
                        _step(cw, case, transition, at(2026, 3, 4))
                else:
                    _step(cw, case, transition, at(2026, 3, 4))
            except Exception as refused:  # a guard of this starting data: the same refusal both ways
                outcome = f"{type(refused).__name__}: {getattr(refused, 'code', refused)}"
            else:
                outcome = None
        written = _tables_written(captured.captured_queries)
        rows = outcome or _rows(written, before)
        transaction.set_rollback(True)
    return written, rows


STARTS = [(workflow, state) for workflow in WORKFLOWS
          for state in sorted({source for t in workflow.transitions for source in t.sources})]


@pytest.mark.parametrize(("workflow", "state"), STARTS, ids=[f"{w.code}.{s}" for w, s in STARTS])
def test_the_fast_and_the_plain_orm_path_write_the_same_rows(cases_world, workflow, state, caplog):
    cw = cases_world
    version = Case._meta.get_field("item_version").related_model.objects.get(
        item__implementation_code=cw.item_code, status="published")
    SpecialProcedure.objects.create(version=version, order=9, kind="extension", max_duration=10, unit="working",
                                    description="情况复杂的，经负责人批准延长")
    case = _case_in(cw, workflow, state)
    assert case.status == state
    before = _pks()
    for transition in [t for t in workflow.transitions if state in t.sources]:
        fast_tables, fast = _run(cw, case, transition, before, plain=False)
        plain_tables, plain = _run(cw, case, transition, before, plain=True)
        label = f"{workflow.code}: {state} --{transition.action}-->"
        assert not isinstance(fast, str), f"{label} refused: {fast}"
        assert fast_tables == plain_tables, label
        for model_label in plain:
            assert fast[model_label] == plain[model_label], f"{label} {model_label}"
    assert "plain ORM path" not in caplog.text  # every shipped step stays on the fast path


def test_every_case_column_is_read_and_written_by_the_fast_path():
    """A new Case field is covered by construction (the columns come from Case._meta); this says the fast read is
    still on, so that a field it cannot handle does not silently cost the throughput."""
    assert fastpath.RowReader(Case, "number").problems(connection.alias) == []
    assert set(fastpath.Columns(Case).names) == {f.attname for f in Case._meta.concrete_fields if not f.primary_key}
