"""Hot-path statements sent to PostgreSQL as prepared statements.

Django's psycopg cursors bind parameters on the client: each execution sends the statement as
text with its values quoted in, and PostgreSQL parses and plans it again — a third of the
server's CPU in a case transition. For the few statements that run on every transition,
`execute_prepared` has psycopg prepare the statement once per connection; after that only
Bind/Execute travel. Errors surface as Django's database exceptions and the statement is logged
like one of Django's queries (connection.queries, CaptureQueriesContext), so callers and tests
see what they would see from `connection.cursor()`.

A server-side prepared statement lives as long as the connection; Django's persistent
connections (CONN_MAX_AGE) keep them. Behind a pooler in transaction mode they would not
survive: such a deployment sets DB_PREPARED_STATEMENTS=0 and the same statements go unprepared.
"""

import time
from collections.abc import Sequence
from typing import Any

import psycopg


def execute_prepared(connection, sql: str, params: Sequence[Any]) -> psycopg.Cursor:
    """Run one statement on a Django PostgreSQL connection, inside its current transaction;
    return the psycopg cursor (rows, rowcount)."""
    connection.ensure_connection()
    started = time.monotonic()
    cursor = psycopg.Cursor(connection.connection)  # server-side binding, the connection's adapters
    with connection.wrap_database_errors:
        cursor.execute(sql, params, prepare=True)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return cursor
