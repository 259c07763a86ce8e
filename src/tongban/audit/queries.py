"""Keyset pages over the audit log, newest first, within the reader's scope (audit.scopes)."""

from .models import AuditEntry
from .scopes import entries_of


def entries_page(*, actor, before_id: int | None, limit: int, stream: str = "") -> tuple[list[AuditEntry], int | None]:
    """One page of entries with id < before_id; returns the page and the next cursor."""
    entries = entries_of(actor, stream).select_related("actor").order_by("-id")
    if before_id:
        entries = entries.filter(id__lt=before_id)
    page = list(entries[: limit + 1])
    next_cursor = page[limit - 1].id if len(page) > limit else None
    return page[:limit], next_cursor
