"""Emit and read domain events."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction

from .models import ConsumerCursor, OutboxEvent


def emit(topic: str, *, stream: str, payload: dict[str, Any], now: datetime) -> OutboxEvent:
    """Call inside the transaction of the change the event reports."""
    return OutboxEvent.objects.create(topic=topic, stream=stream, payload=payload, created_at=now)


@transaction.atomic
def consume(consumer: str, topics: Iterable[str], *, limit: int = 500) -> list[OutboxEvent]:
    """The next events for `consumer`, advancing its cursor (at-least-once if the caller fails
    after this commits, so consumers must be idempotent)."""
    cursor, _ = ConsumerCursor.objects.select_for_update().get_or_create(consumer=consumer)
    events = list(OutboxEvent.objects.filter(topic__in=list(topics), id__gt=cursor.last_event_id)
                  .order_by("id")[:limit])
    if events:
        cursor.last_event_id = events[-1].id
        cursor.save(update_fields=["last_event_id"])
    return events
