"""Fast bulk inserts for generated data: COPY on PostgreSQL, executemany elsewhere.

bulk_create spends most of its time compiling expressions; for millions of generated rows
we convert each value once with the field's own get_db_prep_save and hand the rows to the
driver. Rows must carry every concrete column, primary key included.
"""

from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


def columns_of(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields]


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as {attname: python value}; values are prepared by the model's fields."""
    fields = columns_of(model)
    prepared = [[field.get_db_prep_save(row.get(field.attname), connection) for field in fields] for row in rows]
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


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After explicit ids, move PostgreSQL sequences past them (a no-op elsewhere)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
