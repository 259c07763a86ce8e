"""Keyset pages over the audit log, newest first."""

from django.db.models import QuerySet

from .models import AuditEntry


def entries_page(*, before_id: int | None, limit: int, stream_prefix: str = "") -> tuple[list[AuditEntry], int | None]:
    """One page of entries with id < before_id; returns the page and the next cursor."""
    entries: QuerySet[AuditEntry] = AuditEntry.objects.select_related("actor").order_by("-id")
    if before_id:
        entries = entries.filter(id__lt=before_id)
    if stream_prefix:
        entries = entries.filter(stream__startswith=stream_prefix)
    page = list(entries[: limit + 1])
    next_cursor = page[limit - 1].id if len(page) > limit else None
    return page[:limit], next_cursor
