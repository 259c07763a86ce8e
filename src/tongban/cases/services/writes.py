"""A transition's writes, applied only if the case is still as it was read, in one round trip.

transition_case reads the case without a lock and computes the whole step in memory, so every
row it writes (notice, tasks, pauses, outbox event, audit entry) depends only on what it read.
They are collected here and `apply` sends them with the UPDATE of the case, which is
conditional on the case's audit chain head being the one read: every change to a case appends
to its chain, so an unchanged head means nothing changed the case since it was read.

On PostgreSQL that is one statement, prepared once per connection and shape
(`tongban.core.prepared`). The case UPDATE is the WITH clause `gate`, returning the row it
updated; every other write is a data-modifying WITH clause that reads `gate` (INSERT … SELECT …
FROM gate, UPDATE … AND EXISTS (SELECT FROM gate)), so nothing is written unless the case row
is. Outside an enclosing transaction the statement is its own: no BEGIN, no COMMIT, no lock
held across round trips. Elsewhere (SQLite, whose writers are serialised anyway) the case
UPDATE runs first inside a transaction and the rest only if it touched the row.

Statements are written once per model, shape and connection from the model's own fields, and
each value is converted by its field's `get_db_prep_save`, as the ORM's compilers do.

Rules for effects, since PostgreSQL runs WITH clauses against one snapshot in no set order:
nothing may read a row that a pending write touches, and no two pending writes may touch the
same row.
"""

import weakref
from typing import Any

from django.db import models, transaction

from tongban.core.prepared import execute_prepared

# connection -> {shape: statement}; weak so a closed connection takes its SQL along
_statements: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class Statement:
    """One write in both forms: `plain` on its own, `gated` as a WITH clause reading `gate`."""

    __slots__ = ("plain", "gated", "fields")

    def __init__(self, plain: str, gated: str, fields: list[models.Field]) -> None:
        self.plain, self.gated, self.fields = plain, gated, fields


def _cached(connection, key, build) -> Statement:
    statements = _statements.setdefault(connection, {})
    statement = statements.get(key)
    if statement is None:
        statement = statements[key] = build()
    return statement


def _insert_statement(connection, model: type[models.Model]) -> Statement:
    """INSERT of every concrete field but an automatic pk. In the gated form the values are a
    SELECT list, where PostgreSQL infers no type from the target column: each is cast to its
    field's type."""

    def build() -> Statement:
        quote = connection.ops.quote_name
        fields = [field for field in model._meta.concrete_fields
                  if not (field.primary_key and isinstance(field, models.AutoField))]
        head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        values = ", ".join("%s" for _ in fields)
        casts = ", ".join(f"%s::{field.cast_db_type(connection)}" for field in fields)
        return Statement(f"{head} VALUES ({values})", f"{head} SELECT {casts} FROM gate", fields)

    return _cached(connection, ("insert", model), build)


def _update_statement(connection, model: type[models.Model], names: tuple[str, ...],
                      where: tuple[tuple[str, bool], ...]) -> Statement:
    """UPDATE … SET each of `names` … WHERE each of `where` equals a value (or, flagged, IS NULL)."""

    def build() -> Statement:
        quote, meta = connection.ops.quote_name, model._meta
        table = quote(meta.db_table)
        fields = [meta.get_field(name) for name in names]
        conditions = [f"{table}.{quote(meta.get_field(name).column)} {'IS NULL' if is_null else '= %s'}"
                      for name, is_null in where]
        fields += [meta.get_field(name) for name, is_null in where if not is_null]
        plain = (f"UPDATE {table} SET {', '.join(f'{quote(f.column)} = %s' for f in fields[:len(names)])} "
                 f"WHERE {' AND '.join(conditions)}")
        return Statement(plain, f"{plain} AND EXISTS (SELECT FROM gate)", fields)

    return _cached(connection, ("update", model, names, where), build)


def update_values(connection, model: type[models.Model], values: dict[str, Any],
                  where: dict[str, Any]) -> tuple[Statement, list[Any]]:
    """The statement and parameters of `model.objects.filter(**where).update(**values)` for
    plain field equalities (None: IS NULL)."""
    statement = _update_statement(connection, model, tuple(values),
                                  tuple((name, value is None) for name, value in where.items()))
    params = [*values.values(), *(value for value in where.values() if value is not None)]
    return statement, [field.get_db_prep_save(value, connection) for field, value in zip(statement.fields, params, strict=True)]


class Writes:
    """The rows one transition writes besides the case itself (see the rules above)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.statements: list[tuple[Statement, list[Any]]] = []

    def insert(self, obj: models.Model) -> None:
        """INSERT one unsaved model instance (its automatic primary key stays unset)."""
        connection = self.connection
        statement = _insert_statement(connection, type(obj))
        self.statements.append((statement, [field.get_db_prep_save(field.pre_save(obj, True), connection)
                                            for field in statement.fields]))

    def update(self, model: type[models.Model], values: dict[str, Any], where: dict[str, Any]) -> None:
        """`model.objects.filter(**where).update(**values)`, plain equalities only (None: IS NULL)."""
        self.statements.append(update_values(self.connection, model, values, where))

    def apply(self, gate: Statement, gate_params: list[Any]) -> bool:
        """Run the `gate` UPDATE and, if it touched a row, everything collected; all or nothing.
        False (and nothing written) when the gate touched no row."""
        statements, self.statements = self.statements, []
        connection = self.connection
        if connection.vendor == "postgresql":
            clauses = [f"gate AS ({gate.plain} RETURNING 1)"]
            clauses += [f"write_{index} AS ({statement.gated})" for index, (statement, _) in enumerate(statements)]
            params = [*gate_params, *(value for _, values in statements for value in values)]
            return execute_prepared(connection, f"WITH {', '.join(clauses)} SELECT FROM gate", params).rowcount == 1
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(gate.plain, gate_params)
            if cursor.rowcount != 1:
                return False
            for statement, values in statements:
                cursor.execute(statement.plain, values)
        return True
