"""A transition's writes, sent to the database in one round trip.

Once the case row is locked, everything a transition writes (its notice, tasks, outbox event,
audit entry and the UPDATE of the case) depends only on what is already in memory, so the
statements are collected here and sent together at the end, still inside the transition's
transaction: on PostgreSQL as one multi-statement query (psycopg's client-side binding uses the
simple query protocol, which runs them in order and stops at the first error), elsewhere one
by one. The INSERTs are written once per model and connection from the model's own fields,
and each value is converted by its field's `get_db_prep_save`, as the ORM's insert compiler
does — same SQL, same values, without compiling the query for every row.

Rule for effects: nothing may read a table that a pending write touches before `flush()`
(the transition engine reads no such table after locking the case; pauses, which are read back
by `resume_clock`, are written through the ORM at once).
"""

import weakref
from collections.abc import Sequence
from typing import Any

from django.db import DatabaseError, models

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
    """Statements of one transition, in the order they were asked for."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.statements: list[tuple[str, Sequence[Any]]] = []
        self._expect_one: set[int] = set()

    def __len__(self) -> int:
        return len(self.statements)

    def insert(self, obj: models.Model) -> None:
        """INSERT one unsaved model instance (its automatic primary key stays unset)."""
        sql, fields = _insert_sql(self.connection, type(obj))
        connection = self.connection
        self.statements.append((sql, [field.get_db_prep_save(field.pre_save(obj, True), connection)
                                      for field in fields]))

    def add(self, sql: str, params: Sequence[Any], *, expect_one_row: bool = False) -> None:
        """Any other statement; `expect_one_row` makes flush() fail unless it touched exactly one row."""
        if expect_one_row:
            self._expect_one.add(len(self.statements))
        self.statements.append((sql, params))

    def flush(self) -> None:
        statements, self.statements = self.statements, []
        expect_one, self._expect_one = self._expect_one, set()
        if not statements:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql" and len(statements) > 1:
                cursor.execute(";\n".join(sql for sql, _ in statements),
                               [value for _, params in statements for value in params])
                counts = [cursor.rowcount]
                while cursor.cursor.nextset():
                    counts.append(cursor.cursor.rowcount)
            else:
                counts = []
                for sql, params in statements:
                    cursor.execute(sql, params)
                    counts.append(cursor.rowcount)
        for index in expect_one:
            if counts[index] != 1:
                raise DatabaseError(f"expected one row from {statements[index][0][:80]!r}, got {counts[index]}")
