"""Adding a batch's deltas to an aggregate table: one INSERT … ON CONFLICT DO UPDATE statement.

Counting is all increments, so a real upsert (PostgreSQL, SQLite ≥ 3.24) does the whole write
in the database: no row is read into Python, none is compiled into a CASE/WHEN bulk_update.

- The key (day, dimensions) is the table's unique constraint. A nullable key column (a ticket
  without a department) makes that key two partial unique constraints (metrics.models
  `_ticket_key`), so rows are grouped by which key values are NULL, and each group names its
  own conflict target: the non-NULL key columns, with the partial index's WHERE predicate. The
  NULL columns are left out of the INSERT (they default to NULL).
- The rows travel as one bound parameter, a JSON list the statement unpacks (json_to_recordset,
  json_each): no variable limit to chunk under (SQLite's is 999), and no statement of tens of
  thousands of placeholders to build, parse and plan — that cost more than the upsert itself.
- A negative delta (a reopen or a department change taking a count back) is rare: it is applied
  row by row after the increments, exact and never below zero — a counter that would go
  negative is kept at 0 and logged, since that only happens when the log and the rows disagree
  (verify_metrics shows where).
The caller holds the consumer's cursor lock, so no other run writes these rows meanwhile."""

import json
import logging
from collections import defaultdict

from django.db import connection, models

logger = logging.getLogger(__name__)

Key = tuple  # (day, *dimension values), in the order of the key fields


def add(model: type[models.Model], key_fields: tuple[str, ...], counters: tuple[str, ...],
        deltas: dict[Key, dict[str, int]]) -> None:
    """Add `deltas` ({key: {counter: delta}}) to the table's rows, creating the missing ones."""
    meta = model._meta
    keys = [meta.get_field(name) for name in key_fields]
    columns = [field.column for field in keys]
    sums = {name: meta.get_field(name).column for name in counters}
    no_nulls = (False,) * len(keys)
    groups: dict[tuple[bool, ...], list[dict]] = defaultdict(list)  # by where the key is NULL
    decrements: dict[Key, dict[str, int]] = {}
    for key, delta in deltas.items():
        row = {sums[name]: value for name, value in delta.items() if value > 0}  # a counter left out adds 0
        if row:
            row.update(zip(columns, key, strict=True))
            groups[tuple(value is None for value in key) if None in key else no_nulls].append(row)
        if down := {name: value for name, value in delta.items() if value < 0}:
            decrements[key] = down
    for nulls, rows in groups.items():
        _upsert(model, keys, [meta.get_field(name) for name in counters], nulls, rows)
    for key, down in decrements.items():  # after the increments: one key may have both signs
        _subtract(model, key_fields, key, down)


def _upsert(model: type[models.Model], keys: list[models.Field], sums: list[models.Field], nulls: tuple[bool, ...],
            rows: list[dict]) -> None:
    """Rows ({column: value}) whose key is NULL exactly where `nulls` says."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    targets = [field for field, null in zip(keys, nulls, strict=True) if not null]
    predicate = " AND ".join(f"{quote(field.column)} IS {'NULL' if null else 'NOT NULL'}"
                             for field, null in zip(keys, nulls, strict=True) if field.null)
    sql = (f"INSERT INTO {table} ({', '.join(quote(field.column) for field in (*targets, *sums))}) "
           f"{_select(targets, sums)} "
           f"ON CONFLICT ({', '.join(quote(field.column) for field in targets)})"
           f"{f' WHERE {predicate}' if predicate else ''} DO UPDATE SET "
           + ", ".join(f"{quote(f.column)} = {table}.{quote(f.column)} + excluded.{quote(f.column)}" for f in sums))
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows, default=str)])  # default=str: a date as YYYY-MM-DD


def _select(targets: list[models.Field], sums: list[models.Field]) -> str:
    """The rows out of the one JSON parameter, typed as the columns; a missing counter is 0."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        columns = ", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in (*targets, *sums))
        values = [*(quote(field.column) for field in targets), *(f"COALESCE({quote(f.column)}, 0)" for f in sums)]
        return f"SELECT {', '.join(values)} FROM json_to_recordset(%s) AS delta({columns})"
    # SQLite, the project's other database. WHERE true: else "ON CONFLICT" would parse as a join's ON
    values = [*(f"json_extract(value, '$.{field.column}')" for field in targets),
              *(f"COALESCE(json_extract(value, '$.{field.column}'), 0)" for field in sums)]
    return f"SELECT {', '.join(values)} FROM json_each(%s) WHERE true"


def _subtract(model: type[models.Model], key_fields: tuple[str, ...], key: Key, down: dict[str, int]) -> None:
    """One row's negative deltas, exact and floored at 0 (a missing row counts as all zeros)."""
    lookup = dict(zip(key_fields, key, strict=True))  # field=None filters IS NULL
    row = model.objects.select_for_update().filter(**lookup).values("pk", *down).first()
    current = row or dict.fromkeys(down, 0)
    values = {}
    for name, delta in down.items():
        values[name] = current[name] + delta
        if values[name] < 0:
            logger.warning("%s %s: %s would be %s, kept at 0", model.__name__, key, name, values[name])
            values[name] = 0
    if row is not None:
        model.objects.filter(pk=row["pk"]).update(**values)
