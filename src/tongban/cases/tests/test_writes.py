"""A transition's writes: one round trip on PostgreSQL, all or nothing on every database."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tongban.cases import services
from tongban.cases.models import Case, CaseTask
from tongban.cases.services.writes import Writes, combined

from .conftest import at, submit_online

UPDATE_STATUS = 'UPDATE "cases_case" SET "status" = %s WHERE "cases_case"."id" = %s'


def test_combined_makes_every_statement_but_the_last_a_with_clause():
    assert combined(["INSERT INTO a VALUES (%s)"]) == "INSERT INTO a VALUES (%s)"
    assert combined(["INSERT INTO a VALUES (%s)", "UPDATE b SET x = %s", "UPDATE c SET y = %s WHERE id = %s"]) == (
        "WITH write_0 AS (INSERT INTO a VALUES (%s)), write_1 AS (UPDATE b SET x = %s) "
        "UPDATE c SET y = %s WHERE id = %s")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement batch is PostgreSQL's")
def test_an_acceptance_locks_the_case_then_writes_everything_in_one_statement(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    with CaptureQueriesContext(connection) as captured:
        services.transition_case(actor=cases_world.clerk, case_number=case.number,
                                 command=services.Command("accept"), now=at(2026, 3, 2))
    queries = [query["sql"] for query in captured.captured_queries
               if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    # the locked row, then reference data (cached for later transitions), then the one write
    assert queries[0].startswith('SELECT "cases_case"."id"') and queries[0].endswith("FOR UPDATE")
    assert all(sql.startswith("SELECT ") for sql in queries[1:-1])
    writes = queries[-1]
    # two tasks (并联), the acceptance notice and the audit entry, then the case itself
    assert writes.count(" AS (INSERT INTO ") == 4 and writes.split(") ")[-1].startswith('UPDATE "cases_case"')
    assert CaseTask.objects.filter(case=case).count() == 2
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_a_failing_statement_leaves_nothing_of_the_others(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    market = cases_world.catalog.market
    with pytest.raises(IntegrityError), transaction.atomic():
        writes = Writes(connections["default"])
        writes.insert(CaseTask(case=case, department=market, is_lead=True))
        writes.insert(CaseTask(case=case, department=market, is_lead=False))  # case_task_unique
        writes.add(UPDATE_STATUS, ["accepted", case.pk])
        writes.flush()
    assert not CaseTask.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_expect_one_row_fails_the_batch_when_the_last_statement_touches_none(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    with pytest.raises(DatabaseError, match="expected one row"), transaction.atomic():
        writes = Writes(connections["default"])
        writes.insert(CaseTask(case=case, department=cases_world.catalog.market, is_lead=True))
        writes.add(UPDATE_STATUS, ["accepted", -1])
        writes.flush(expect_one_row=True)
    assert not CaseTask.objects.filter(case=case).exists()
