"""Keeping the aggregate count tables, one audit-log consumer per source (docs/metrics.md).

`update_all` runs every consumer (manage.py update_metrics); `verify_all` recomputes every
table — daily and monthly — from the raw rows and lists the differences (manage.py
verify_metrics). The shared machinery is in `base`, each source's rules in its own module.
"""

from collections.abc import Callable

from django.utils import timezone

from ..models import MetricsUpdate

from . import cases, ratings, tickets
from .base import BATCH_SIZE, CountTables, Source, consume, differences, stored, verify
from .cases import recompute_case_counts
from .ratings import recompute_rating_counts
from .tickets import recompute_ticket_counts

SOURCES: dict[str, Source] = {source.tables.name: source for source in (cases.SOURCE, ratings.SOURCE, tickets.SOURCE)}
TABLES: dict[str, CountTables] = {name: source.tables for name, source in SOURCES.items()}
LABELS = {"cases": "办件", "ratings": "好差评", "tickets": "12345 工单"}


def update(name: str, *, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None,
           now=None) -> int:
    """Run one source's consumer to the end of the settled log and note when (the dashboards'
    数据更新于); returns how many audit entries it read."""
    now = now or timezone.now()
    read = consume(SOURCES[name], batch_size=batch_size, progress=progress, now=now)
    MetricsUpdate.objects.update_or_create(source=name, defaults={"ran_at": now})
    return read


def update_all(*, progress: Callable[[str, int], None] | None = None, now=None,
               batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Run every consumer; returns the entries read per source. `progress(source, total)`."""
    read = {}
    for name in SOURCES:
        report = (lambda total, name=name: progress(name, total)) if progress else None
        read[name] = update(name, batch_size=batch_size, progress=report, now=now)
    return read


def verify_all() -> dict[str, list[str]]:
    """Difference lines per source (daily and monthly tables); all empty when they agree."""
    return {name: verify(source) for name, source in SOURCES.items()}


__all__ = ["BATCH_SIZE", "LABELS", "SOURCES", "TABLES", "CountTables", "Source", "differences",
           "recompute_case_counts", "recompute_rating_counts", "recompute_ticket_counts", "stored", "update",
           "update_all", "verify", "verify_all"]
