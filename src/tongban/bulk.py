"""Fast bulk inserts for generated data: COPY on PostgreSQL, executemany elsewhere.

bulk_create spends most of its time compiling expressions; for millions of generated rows
we convert each value once with the field's own get_db_prep_save and hand the rows to the
driver. Rows must carry every concrete column, primary key included.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from tongban.audit.hashing import GENESIS_HASH, entry_digest
from tongban.audit.models import AuditEntry, AuditHead, ChainHead
from tongban.audit.services import masked, stream_of


def columns_of(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields]


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as {attname: python value}; values are prepared by the model's fields."""
    fields = columns_of(model)
    # the connection itself, not the thread-local proxy `connection`: the fields consult it once per
    # value, and going through the proxy each time costs more than the conversion
    wrapper = connections[DEFAULT_DB_ALIAS]
    prepared = [[field.get_db_prep_save(row.get(field.attname), wrapper) for field in fields] for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", prepared)


def next_ids(model: type[models.Model], count: int) -> range:
    """Primary keys for rows inserted with explicit ids (generated data, run offline)."""
    last = model.objects.aggregate(last=models.Max("pk"))["last"] or 0
    return range(last + 1, last + 1 + count)


def analyze(*model_classes: type[models.Model]) -> None:
    """After a bulk load, refresh PostgreSQL's planner statistics of the tables filled (a no-op
    elsewhere): autovacuum would get there eventually, but until then the planner guesses from
    the row counts of empty tables."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    tables = ", ".join(dict.fromkeys(quote(model._meta.db_table) for model in model_classes))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After explicit ids, move PostgreSQL sequences past them (a no-op elsewhere)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- generated objects with their audit entry ------------------------------------------------

IMPORT_ACTOR = "系统（历史数据迁移）"


def rows_of(model: type[models.Model], objects: Sequence[models.Model]) -> list[dict[str, Any]]:
    fields = columns_of(model)
    return [{field.attname: getattr(obj, field.attname) for field in fields} for obj in objects]


def assign_ids(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Give unsaved objects the next free primary keys, so rows can name them before the insert."""
    for obj, pk in zip(objects, next_ids(model, len(objects)), strict=True):
        obj.pk = pk


def imported_entry(*, stream: str, action: str, created_at: datetime, after: dict, entry_id: int) -> dict:
    """The audit row of an object loaded in bulk: the first and only entry of its chain."""
    after = masked(after)
    entry_hash = entry_digest({
        "stream": stream, "sequence": 1, "created_at": created_at.astimezone(UTC).isoformat(),
        "actor_id": None, "actor_label": IMPORT_ACTOR, "action": action, "before": None, "after": after,
    }, GENESIS_HASH)
    return {"id": entry_id, "stream": stream, "sequence": 1, "created_at": created_at, "actor_id": None,
            "actor_label": IMPORT_ACTOR, "action": action, "before": None, "after": after,
            "previous_hash": GENESIS_HASH, "entry_hash": entry_hash}


def insert_imported(model: type[models.Model], objects: Sequence[models.Model], *, action: str,
                    after: Callable[[Any], dict], created_at: Callable[[Any], datetime]) -> int:
    """Insert objects that already carry their ids, each with one `action` audit entry.

    A ChainHead model keeps the chain head in its own row (set here before the insert); any
    other model gets an AuditHead row, exactly as audit.record would leave them. Call it inside
    the batch's transaction.
    """
    entries, heads = [], []
    for obj, entry_id in zip(objects, next_ids(AuditEntry, len(objects)), strict=True):
        entry = imported_entry(stream=stream_of(obj), action=action, created_at=created_at(obj), after=after(obj),
                               entry_id=entry_id)
        entries.append(entry)
        if isinstance(obj, ChainHead):
            obj.audit_sequence, obj.audit_hash = 1, entry["entry_hash"]
        else:
            heads.append({"stream": entry["stream"], "sequence": 1, "entry_hash": entry["entry_hash"]})
    insert_rows(model, rows_of(model, objects))
    insert_rows(AuditEntry, entries)
    if heads:
        insert_rows(AuditHead, heads)
    return len(objects)


def update_column(model: type[models.Model], column: str, values: Sequence[tuple[Any, Any]]) -> None:
    """Set one column of many rows: `values` holds (new value, primary key) pairs."""
    quote = connection.ops.quote_name
    table, name, pk = quote(model._meta.db_table), quote(column), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {name} = %s WHERE {pk} = %s", list(values))
