"""fastpath.execute_prepared: a server-side prepared statement, Django's errors and query log."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tongban.core.fastpath import execute_prepared

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"),
]

TABLE = "tongban_prepared_probe"
INSERT = f"INSERT INTO {TABLE} (id, label) VALUES (%s, %s)"


@pytest.fixture
def probe_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, label varchar(20) NOT NULL)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


def labels() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, label FROM {TABLE} ORDER BY id")
        return cursor.fetchall()


def prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_the_statement_is_prepared_once_answers_rows_and_is_logged_as_djangos_queries_are(probe_table):
    with CaptureQueriesContext(connection) as captured:
        assert execute_prepared(connection, INSERT, [7, "庚"]).rowcount == 1
        assert execute_prepared(connection, INSERT, [8, "辛"]).rowcount == 1
        cursor = execute_prepared(connection, f"SELECT label FROM {TABLE} WHERE id = %s", [7])
    assert cursor.fetchall() == [("庚",)]
    assert [query["sql"] for query in captured.captured_queries] == [
        INSERT, INSERT, f"SELECT label FROM {TABLE} WHERE id = %s"]
    assert f"INSERT INTO {TABLE} (id, label) VALUES ($1, $2)" in prepared_statements()


def test_an_error_is_djangos_and_leaves_the_connection_usable(probe_table):
    with pytest.raises(IntegrityError), transaction.atomic():
        execute_prepared(connection, INSERT, [1, "甲"])
        execute_prepared(connection, INSERT, [1, "重复"])
    assert labels() == []
    execute_prepared(connection, INSERT, [1, "甲"])
    assert labels() == [(1, "甲")]


def test_djangos_own_queries_are_never_prepared(probe_table):
    """The settings enable psycopg's prepare threshold; Django's client-side binding cursors
    must still never prepare, whatever a pooler in front of the database would make of it."""
    for _ in range(10):
        labels()
    assert not any(TABLE in statement for statement in prepared_statements())
