"""A transition's writes: all or nothing, only if the case is unchanged, one statement on PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tongban.cases import services
from tongban.cases.models import Case, CaseTask
from tongban.cases.services.writes import Writes, update_values

from .conftest import at, submit_online


def gate_for(case: Case, sequence: int):
    return update_values(connections["default"], Case, {"status": "accepted"},
                         where={"id": case.pk, "audit_sequence": sequence})


def test_the_writes_apply_only_when_the_gate_finds_the_case_unchanged(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    market = cases_world.catalog.market
    writes = Writes(connections["default"])
    writes.insert(CaseTask(case=case, department=market, is_lead=True))
    assert writes.apply(*gate_for(case, case.audit_sequence + 1)) is False  # someone moved the chain on
    assert not CaseTask.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == "submitted"

    CaseTask.objects.create(case=case, department=cases_world.catalog.housing)
    writes.insert(CaseTask(case=case, department=market, is_lead=True))
    writes.update(CaseTask, {"opinion": "同意"}, where={"case": case.pk, "is_lead": False, "finished_at": None})
    assert writes.apply(*gate_for(case, case.audit_sequence)) is True
    assert list(CaseTask.objects.filter(case=case).order_by("is_lead").values_list("is_lead", "opinion")) == [
        (False, "同意"), (True, "")]
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_a_failing_write_leaves_nothing_of_the_others(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    market = cases_world.catalog.market
    writes = Writes(connections["default"])
    writes.insert(CaseTask(case=case, department=market, is_lead=True))
    writes.insert(CaseTask(case=case, department=market, is_lead=False))  # case_task_unique
    with pytest.raises(IntegrityError), transaction.atomic():
        writes.apply(*gate_for(case, case.audit_sequence))
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
