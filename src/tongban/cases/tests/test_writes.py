"""A transition's writes (tongban.core.fastpath): all or nothing, only if the case is unchanged, one statement on
PostgreSQL; what would break a batch is refused before it runs."""

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tongban.cases import services
from tongban.cases.models import Case, CaseTask
from tongban.core import fastpath

from .conftest import at, submit_online


def save_if(writes, case: Case, sequence: int) -> bool:
    case.status = "accepted"
    return writes.save_if(case, ["status"], where={"id": case.pk, "audit_sequence": sequence})


def test_the_writes_apply_only_when_the_gate_finds_the_case_unchanged(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    market = cases_world.catalog.market
    with fastpath.batched(connections["default"]) as writes:
        writes.insert(CaseTask(case=case, department=market, is_lead=True))
        assert save_if(writes, case, case.audit_sequence + 1) is False  # someone moved the chain on
    assert not CaseTask.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == "submitted"

    CaseTask.objects.create(case=case, department=cases_world.catalog.housing)
    with fastpath.batched(connections["default"]) as writes:
        writes.insert(CaseTask(case=case, department=market, is_lead=True))
        writes.update(Case, {"form_data": {}}, where={"id": case.pk + 1})  # another table
        assert save_if(writes, case, case.audit_sequence) is True
    assert list(CaseTask.objects.filter(case=case).order_by("is_lead").values_list("is_lead", flat=True)) == [
        False, True]
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_a_failing_write_leaves_nothing_of_the_others(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    market = cases_world.catalog.market
    with pytest.raises(IntegrityError), transaction.atomic(), fastpath.batched(connections["default"]) as writes:
        writes.insert(CaseTask(case=case, department=market, is_lead=True))
        writes.insert(CaseTask(case=case, department=market, is_lead=False))  # case_task_unique
        save_if(writes, case, case.audit_sequence)
    assert not CaseTask.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == "submitted"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement write is PostgreSQL's")
def test_an_acceptance_reads_the_case_then_writes_everything_in_one_statement(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    with CaptureQueriesContext(connection) as captured:
        services.transition_case(actor=cases_world.clerk, case_number=case.number,
                                 command=services.Command("accept"), now=at(2026, 3, 2))
    queries = [query["sql"] for query in captured.captured_queries
               if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    # the case, then reference data (cached for later transitions), then the one write
    assert queries[0].startswith('SELECT "cases_case"."id"') and "FOR UPDATE" not in queries[0]
    assert all(sql.startswith("SELECT ") for sql in queries[1:-1])
    write = queries[-1]
    assert write.startswith('WITH gate AS (UPDATE "cases_case" SET ') and write.endswith("SELECT FROM gate")
    # two tasks (并联), the acceptance notice and the audit entry, each only with the case
    assert write.count(" FROM gate)") == 4
    assert CaseTask.objects.filter(case=case).count() == 2
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_the_plain_orm_writes_roll_back_when_the_case_changed(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    with fastpath.orm_writes(connections["default"]) as writes:
        writes.insert(CaseTask(case=case, department=cases_world.catalog.market, is_lead=True))
        assert CaseTask.objects.filter(case=case).exists()  # written at once
        assert save_if(writes, case, case.audit_sequence + 1) is False
    assert not CaseTask.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_a_batch_refuses_what_one_snapshot_would_get_wrong_before_it_runs(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    market, housing = cases_world.catalog.market, cases_world.catalog.housing
    refusals = [
        # an effect that writes through the ORM itself (it would not wait for the gate)
        lambda writes: CaseTask.objects.create(case=case, department=market),
        lambda writes: CaseTask.objects.filter(case=case).update(opinion="x"),
        # a read of a table with a pending write (it would not see the write)
        lambda writes: (writes.insert(CaseTask(case=case, department=market)),
                        list(CaseTask.objects.filter(case=case))),
        # an UPDATE next to another write of the same table (one snapshot: it would miss the other)
        lambda writes: (writes.insert(CaseTask(case=case, department=market)),
                        writes.update(CaseTask, {"opinion": "x"}, where={"case": case.pk})),
        lambda writes: (writes.update(CaseTask, {"opinion": "x"}, where={"case": case.pk}),
                        writes.insert(CaseTask(case=case, department=housing))),
    ]
    for refused in refusals:
        with pytest.raises(fastpath.Unbatchable), fastpath.batched(connections["default"]) as writes:
            refused(writes)
    assert not CaseTask.objects.filter(case=case).exists()
    with fastpath.batched(connections["default"]) as writes:  # reads before the writes, two INSERTs: fine
        assert not list(CaseTask.objects.filter(case=case))
        writes.insert(CaseTask(case=case, department=market, is_lead=True))
        writes.insert(CaseTask(case=case, department=housing))
        assert save_if(writes, case, case.audit_sequence) is True
    assert CaseTask.objects.filter(case=case).count() == 2


def test_a_step_that_cannot_be_batched_takes_the_plain_orm_path(cases_world, monkeypatch, caplog):
    """An effect written without the fast path in mind (it saves a row itself) still works."""
    from tongban.cases.services import transitions

    def open_tasks_by_hand(case, command, actor, now, writes):
        CaseTask.objects.create(case=case, department_id=case.department_id, is_lead=True)

    monkeypatch.setitem(transitions.ENGINE._effects, "open_tasks", open_tasks_by_hand)
    case = submit_online(cases_world, at(2026, 3, 2))
    case = services.transition_case(actor=cases_world.clerk, case_number=case.number,
                                    command=services.Command("accept"), now=at(2026, 3, 2))
    assert case.status == "accepted" and CaseTask.objects.filter(case=case, is_lead=True).count() == 1
    assert case.notices.filter(kind="acceptance").count() == 1
    assert "plain ORM path" in caplog.text
