"""Emit and read domain events."""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from .models import ConsumerCursor, OutboxEvent


def emit(topic: str, *, stream: str, payload: dict[str, Any], now: datetime) -> OutboxEvent:
    """Call inside the transaction of the change the event reports."""
    event = outbox_event(topic, stream=stream, payload=payload, now=now)
    event.save(force_insert=True)
    return event


def outbox_event(topic: str, *, stream: str, payload: dict[str, Any], now: datetime) -> OutboxEvent:
    """The unsaved event emit() writes, for a caller that inserts it with its other writes
    (in the same transaction as the change it reports)."""
    return OutboxEvent(topic=topic, stream=stream, payload=payload, created_at=now)


# Ids are handed out at insert, not at commit: a row may still sit in an open transaction
# behind a committed row with a higher id. A consumer reads only rows this old, and stops at the
# first younger one, so its cursor never passes a row that may yet appear.
SETTLE_SECONDS = 30


def settled(rows: list, *, now: datetime, created_at: Callable[[Any], datetime]) -> list:
    """The leading rows (in id order) created at least SETTLE_SECONDS before `now`."""
    before = now - timedelta(seconds=SETTLE_SECONDS)
    cut = next((index for index, row in enumerate(rows) if created_at(row) > before), len(rows))
    return rows[:cut]


@transaction.atomic
def consume(consumer: str, topics: Iterable[str], *, now: datetime, limit: int = 500) -> list[OutboxEvent]:
    """The next settled events for `consumer`, advancing its cursor (at-least-once if the caller
    fails after this commits, so consumers must be idempotent)."""
    cursor, _ = ConsumerCursor.objects.select_for_update().get_or_create(consumer=consumer)
    events = settled(list(OutboxEvent.objects.filter(topic__in=list(topics), id__gt=cursor.last_event_id)
                          .order_by("id")[:limit]), now=now, created_at=lambda event: event.created_at)
    if events:
        cursor.last_event_id = events[-1].id
        cursor.save(update_fields=["last_event_id"])
    return events
