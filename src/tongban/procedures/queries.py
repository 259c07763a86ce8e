"""Keyset pages of 规范性文件 and 重大行政决策 (newest first, cut to the viewer's scope)."""

from .services import decisions_for, documents_for


def document_page(actor, *, after: int = 0, limit: int = 50, status: tuple[str, ...] = ()):
    rows = documents_for(actor).select_related("issuer__department__region")
    if after:
        rows = rows.filter(pk__lt=after)
    if status:
        rows = rows.filter(status__in=status)
    return list(rows.order_by("-pk")[:limit + 1])


def decision_page(actor, *, after: int = 0, limit: int = 50, status: tuple[str, ...] = ()):
    rows = decisions_for(actor).select_related("catalogue__region", "undertaker")
    if after:
        rows = rows.filter(pk__lt=after)
    if status:
        rows = rows.filter(status__in=status)
    return list(rows.order_by("-pk")[:limit + 1])
