"""A transition's writes, sent to the database in one round trip.

Once the case row is locked, everything a transition writes (its notice, tasks, outbox event,
audit entry and the UPDATE of the case) depends only on what is already in memory, so the
statements are collected here and sent together at the end, still inside the transition's
transaction. On PostgreSQL they become one statement — all but the last as data-modifying WITH
clauses, the last (the case UPDATE) as the main statement — prepared once per connection and
shape (`tongban.core.prepared`): one Bind/Execute, one executor start, all or nothing.
Elsewhere they run one by one. The INSERTs are written once per model and connection from the
model's own fields, and each value is converted by its field's `get_db_prep_save`, as the ORM's
insert compiler does — same SQL, same values, without compiling the query for every row.

Rules for effects, since PostgreSQL runs WITH clauses against one snapshot in no set order:
nothing may read a table that a pending write touches before `flush()` (the transition engine
reads no such table after locking the case; pauses, which are read back by `resume_clock`, are
written through the ORM at once), and no two pending writes may touch the same row.
"""

import weakref
from collections.abc import Sequence
from typing import Any

from django.db import DatabaseError, models

from tongban.core.prepared import execute_prepared

# connection -> {(model, fields): (sql, fields)}; weak so a closed connection takes its SQL along
_insert_statements: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _insert_sql(connection, model: type[models.Model]) -> tuple[str, list[models.Field]]:
    """`INSERT INTO table (columns…) VALUES (%s, …)` of every concrete field but an automatic pk."""
    statements = _insert_statements.setdefault(connection, {})
    statement = statements.get(model)
    if statement is None:
        quote = connection.ops.quote_name
        fields = [field for field in model._meta.concrete_fields
                  if not (field.primary_key and isinstance(field, models.AutoField))]
        placeholders = ", ".join(_placeholder(field, connection) for field in fields)
        sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
               f"VALUES ({placeholders})")
        statement = statements[model] = (sql, fields)
    return statement


def _placeholder(field: models.Field, connection) -> str:
    if hasattr(field, "get_placeholder"):  # pragma: no cover - no field of ours defines one for inserts
        return field.get_placeholder(None, None, connection)
    return "%s"


class Writes:
    """The statements of one transition (see the rules above)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.statements: list[tuple[str, Sequence[Any]]] = []

    def insert(self, obj: models.Model) -> None:
        """INSERT one unsaved model instance (its automatic primary key stays unset)."""
        sql, fields = _insert_sql(self.connection, type(obj))
        connection = self.connection
        self.statements.append((sql, [field.get_db_prep_save(field.pre_save(obj, True), connection)
                                      for field in fields]))

    def add(self, sql: str, params: Sequence[Any]) -> None:
        """Any other statement."""
        self.statements.append((sql, params))

    def flush(self, *, expect_one_row: bool = False) -> None:
        """Send what was collected; with `expect_one_row`, fail unless the last statement
        touched exactly one row (raised inside the transition's transaction, which rolls back)."""
        statements, self.statements = self.statements, []
        if not statements:
            return
        if self.connection.vendor == "postgresql":
            count = execute_prepared(self.connection, combined([sql for sql, _ in statements]),
                                     [value for _, params in statements for value in params]).rowcount
        else:
            with self.connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                count = cursor.rowcount
        if expect_one_row and count != 1:
            raise DatabaseError(f"expected one row from {statements[-1][0][:80]!r}, got {count}")


def combined(statements: list[str]) -> str:
    """One PostgreSQL statement running all of `statements`; its row count is the last one's."""
    *clauses, main = statements
    if not clauses:
        return main
    return "WITH " + ", ".join(f"write_{index} AS ({sql})" for index, sql in enumerate(clauses)) + " " + main
