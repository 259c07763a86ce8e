"""What every source's consumer shares: the cursor, the settling rule, batches, upserts, checks.

A source's consumer reads the audit log (one append-only log, ordered by id) from its
ConsumerCursor, turns a batch of entries into deltas keyed by (day, *dimension values) and adds
them to the daily table and — rolled up to the first day of the month — to the monthly table,
all in one transaction with the cursor move, so each entry counts exactly once. The cursor row
lock also keeps two runs of the same consumer from counting side by side.

Every step costs a few statements per batch, none per entry (a million imported cases are
counted in minutes): the log is walked by primary key (`_scan`), the batch's rows are read with
one query per table (`among`), and each table gets one INSERT … ON CONFLICT DO UPDATE (`upsert`).
"""

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, models, transaction
from django.db.models import ExpressionWrapper, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.events.models import ConsumerCursor
from tongban.events.services import SETTLE_SECONDS

from . import upsert

BATCH_SIZE = 5000
Key = tuple  # (day, *dimension values), in the order of CountTables.columns
Counts = dict[Key, Counter]
ENTRY_FIELDS = ("id", "stream", "sequence", "action", "before", "after", "created_at")


@dataclass(frozen=True)
class CountTables:
    """The two aggregate tables of one source and their shape."""

    name: str
    daily: type[models.Model]
    monthly: type[models.Model]
    dimensions: tuple[str, ...]  # model field names: "region", "department", "item", "channel"
    counters: tuple[str, ...]

    @property
    def key_fields(self) -> tuple[str, ...]:
        """The key as the model names its fields: day, then each dimension."""
        return ("day", *self.dimensions)

    @property
    def columns(self) -> tuple[str, ...]:
        """The key as `values()` names it: day, then each dimension's column (region_id …)."""
        return ("day", *(self.daily._meta.get_field(name).attname for name in self.dimensions))


@dataclass(frozen=True)
class Source:
    """One consumer: which audit streams it reads, and how entries and raw rows become counts."""

    tables: CountTables
    consumer: str  # its ConsumerCursor
    streams: tuple[str, ...]  # audit stream prefixes, e.g. "cases.case:"
    effects: Callable[[list[dict]], Counts]  # a batch of entries → daily deltas
    recompute: Callable[[], dict[Key, dict[str, int]]]  # the daily counts from the raw rows


def object_id(entry: dict) -> int:
    return int(entry["stream"].rsplit(":", 1)[1])


def among(ids) -> RawSQL:
    """`filter(id__in=among(ids))`: a batch's thousands of ids as one JSON parameter, where a plain
    `id__in=[…]` sends one placeholder per id, which costs more to build, parse and plan (a
    5,000-value IN list) than the lookup itself."""
    values = json.dumps(sorted(ids))
    if connection.vendor == "postgresql":
        return RawSQL("SELECT json_array_elements_text(%s::json)::bigint", [values])
    return RawSQL("SELECT value FROM json_each(%s)", [values])  # SQLite


def by_month(counts: dict[Key, dict]) -> Counts:
    """Daily counts (or deltas) summed into months: the monthly table's key."""
    months: Counts = defaultdict(Counter)
    for key, values in counts.items():
        months[(key[0].replace(day=1), *key[1:])].update(values)  # update() adds negatives too
    return months


def _scan(source: Source, after_id: int, batch_size: int, now) -> tuple[list[int], int]:
    """The ids of the source's next settled entries, and where the cursor may go.

    The scan walks the log by primary key (id, stream and whether it has settled, nothing else):
    a filter on the stream prefix instead lets PostgreSQL, without statistics on the log (never
    analysed yet after a bulk load), guess a handful of rows and sort a sequential scan of the
    whole log for every batch. The settling rule (events.services) is kept: reading stops at the
    source's first entry younger than SETTLE_SECONDS, and the cursor moves to the last settled
    entry before it, of any stream — every id below a settled entry has committed. Young entries
    of other sources hold nothing back: a window full of them is looked past.
    """
    settled = ExpressionWrapper(Q(created_at__lte=now - timedelta(seconds=SETTLE_SECONDS)),
                                output_field=models.BooleanField())
    entries = AuditEntry.objects.order_by("id").annotate(settled=settled).values_list("id", "stream", "settled")
    mine, cursor, position = [], after_id, after_id
    while True:
        window = list(entries.filter(id__gt=position)[:batch_size])
        for entry_id, stream, is_settled in window:
            if stream.startswith(source.streams):
                if not is_settled:
                    return mine, cursor
                mine.append(entry_id)
            if is_settled:
                cursor = entry_id
        if mine or cursor != after_id or len(window) < batch_size:
            return mine, cursor
        position = window[-1][0]


def _read(source: Source, ids: list[int]) -> list[dict]:
    """The entries of `ids` (ascending, all of the source), through a primary key range."""
    if not ids:
        return []
    streams = Q()
    for prefix in source.streams:
        streams |= Q(stream__startswith=prefix)
    return list(AuditEntry.objects.filter(streams, id__range=(ids[0], ids[-1])).order_by("id").values(*ENTRY_FIELDS))


@transaction.atomic
def _consume_batch(source: Source, batch_size: int, now) -> tuple[int, bool]:
    """Count the next batch; returns how many of the source's entries it read and whether the
    cursor moved (it does not when the next entries have not settled yet)."""
    cursor, _ = ConsumerCursor.objects.select_for_update().get_or_create(consumer=source.consumer)
    ids, last_event_id = _scan(source, cursor.last_event_id, batch_size, now)
    entries = _read(source, ids)
    if entries:
        daily = source.effects(entries)
        tables = source.tables
        upsert.add(tables.daily, tables.key_fields, tables.counters, daily)
        upsert.add(tables.monthly, tables.key_fields, tables.counters, by_month(daily))
    if last_event_id == cursor.last_event_id:
        return len(entries), False
    cursor.last_event_id = last_event_id
    cursor.save(update_fields=["last_event_id"])
    return len(entries), True


def consume(source: Source, *, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None,
            now=None) -> int:
    """Count every settled entry of the source not counted yet; returns how many were read."""
    now = now or timezone.now()
    total, moved = 0, True
    while moved:
        read, moved = _consume_batch(source, batch_size, now)
        total += read
        if read and progress:
            progress(total)
    return total


def normalised(counts: dict[Key, dict], counters: tuple[str, ...]) -> dict[Key, dict[str, int]]:
    """Every counter present, keys whose counters are all zero dropped (a stored row may be all zero)."""
    result = {}
    for key, values in counts.items():
        full = {name: int(values.get(name) or 0) for name in counters}
        if any(full.values()):
            result[key] = full
    return result


def grouped(rows, columns: tuple[str, ...], into: dict[Key, dict]) -> None:
    """Merge GROUP BY rows (dicts with the key columns and some counters) into `into`."""
    for row in rows:
        key = tuple(row.pop(column) for column in columns)
        into.setdefault(key, {}).update(row)


def stored(model: type[models.Model], tables: CountTables) -> dict[Key, dict[str, int]]:
    rows = model.objects.values(*tables.columns, *tables.counters)
    found: dict[Key, dict] = {}
    grouped(rows, tables.columns, found)
    return normalised(found, tables.counters)


def differences(model: type[models.Model], tables: CountTables, expected: dict[Key, dict],
                have: dict[Key, dict]) -> list[str]:
    """One line per key whose counters differ (empty when they agree)."""
    zero = dict.fromkeys(tables.counters, 0)
    labels = [model._meta.get_field(name).verbose_name for name in tables.dimensions]
    lines = []
    for key in sorted(expected.keys() | have.keys(), key=lambda k: tuple(str(v) for v in k)):
        want, got = expected.get(key, zero), have.get(key, zero)
        if want != got:
            where = " ".join(f"{label}={'（无）' if value is None else value}"
                             for label, value in zip(labels, key[1:], strict=True))
            diff = ", ".join(f"{name} 应为 {want[name]} 实为 {got[name]}" for name in tables.counters
                             if want[name] != got[name])
            lines.append(f"{model._meta.verbose_name} {key[0]} {where}：{diff}")
    return lines


def verify(source: Source) -> list[str]:
    """The source's daily and monthly tables against a recomputation from the raw rows."""
    tables = source.tables
    daily = normalised(source.recompute(), tables.counters)
    monthly = normalised(by_month(daily), tables.counters)
    return [*differences(tables.daily, tables, daily, stored(tables.daily, tables)),
            *differences(tables.monthly, tables, monthly, stored(tables.monthly, tables))]
