"""Windowed attempt limits shared by all workers: count in the database, before judging.

An attempt is counted before it is judged (the tracking lookup, say), and admitted only if the
count it sees stays within the limit: the increments are serialised by the database, so of any
number of concurrent attempts at most `limit` are admitted per window, whichever process or
connection they arrive on. The window slides in SLICES steps.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum

from .models import AttemptCounter

SLICES = 6


def _slice_start(now: datetime, window: timedelta) -> datetime:
    size = window.total_seconds() / SLICES
    return datetime.fromtimestamp(now.timestamp() // size * size, tz=UTC)


def claim(key: str, *, limit: int, window: timedelta, now: datetime) -> bool:
    """Count one attempt under `key`; True if it is at most the `limit`-th within `window`."""
    start = _slice_start(now, window)
    own = _increment(key, start)
    if own is None:
        try:
            with transaction.atomic():
                AttemptCounter.objects.create(key=key, slice_start=start, count=1)
            own = 1
        except IntegrityError:  # a concurrent attempt opened the slice first
            own = _increment(key, start)
        else:
            # A new slice is the moment to drop the ones no window reaches any more.
            AttemptCounter.objects.filter(slice_start__lte=start - window).delete()
    earlier = AttemptCounter.objects.filter(
        key=key, slice_start__gte=start - window * (SLICES - 1) / SLICES, slice_start__lt=start,
    ).aggregate(total=Sum("count"))["total"]
    return own + (earlier or 0) <= limit


def _increment(key: str, start: datetime) -> int | None:
    """The slice's count including this attempt, as the increment itself left it (RETURNING, on
    PostgreSQL and SQLite ≥ 3.35 alike), so concurrent attempts each see their own place in line."""
    table, key_column, count, start_column = map(
        connection.ops.quote_name, (AttemptCounter._meta.db_table, "key", "count", "slice_start"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + 1 WHERE {key_column} = %s AND {start_column} = %s"
            f" RETURNING {count}",
            [key, connection.ops.adapt_datetimefield_value(start)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def give_back(key: str, *, window: timedelta, now: datetime) -> None:
    """Uncount an attempt that turned out legitimate (a successful lookup is no guess)."""
    AttemptCounter.objects.filter(key=key, slice_start=_slice_start(now, window), count__gt=0).update(
        count=F("count") - 1)


def client_address(request) -> str:
    """REMOTE_ADDR; behind a reverse proxy declared trusted (TRUST_X_FORWARDED_FOR), the address
    that proxy appended last to X-Forwarded-For — anything before it the client may have made up."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUST_X_FORWARDED_FOR and forwarded.strip():
        return forwarded.rsplit(",", 1)[-1].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]
