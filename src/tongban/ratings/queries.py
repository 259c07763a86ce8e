"""Read side of 整改: the queue with keyset pages, one ticket with what its page shows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .constants import AppealStatus, RectificationStatus
from .models import RatingAppeal, Rectification
from .scopes import appeals_for, rectifications_for

ACTIVE = [RectificationStatus.OPEN, RectificationStatus.ANSWERED, RectificationStatus.VERIFIED]
QUEUE_FILTERS = {"active": ACTIVE, **{status.value: [status.value] for status in RectificationStatus}}


@dataclass(frozen=True)
class RectificationPage:
    items: list[Rectification]
    next_cursor: str | None


def with_details(rectifications):
    return rectifications.select_related("rating", "rating__case", "rating__ticket",
                                         "rating__item__published_version", "department", "rating__window", "rating__staff", "answered_by",
                                         "verified_by", "callback_by", "escalated_to")


def rectification_queue(actor, *, status: str = "active", after: str = "", limit: int = 50) -> RectificationPage:
    """Most urgent first: keyset on (due_date, id), served by rectification_queue_idx."""
    rows = rectifications_for(actor).filter(status__in=QUEUE_FILTERS.get(status, ACTIVE))
    due_text, _, id_text = after.partition("_")
    if due_text and id_text.isdigit():
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            due = None
        if due is not None:
            rows = rows.filter(Q(due_date__gt=due) | Q(due_date=due, id__gt=int(id_text)))
    page = list(with_details(rows).order_by("due_date", "id")[: limit + 1])
    next_cursor = None
    if len(page) > limit:
        last = page[limit - 1]
        next_cursor = f"{last.due_date.isoformat()}_{last.id}"
    return RectificationPage(page[:limit], next_cursor)


def rectification_for(actor, rectification_id: int) -> Rectification | None:
    return with_details(rectifications_for(actor)).filter(pk=rectification_id).first()


def _appeals_with_details(appeals):
    return appeals.select_related("rating", "rating__case", "rating__ticket", "department", "appellant",
                                  "decided_by").prefetch_related("rating__bad_categories")


def appeal_queue(actor, *, status: str = "pending", limit: int = 100) -> list[RatingAppeal]:
    """Pending first-come first-served; decided ones newest first."""
    appeals = appeals_for(actor)
    if status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    order = ("created_at", "id") if status == AppealStatus.PENDING else ("-created_at", "-id")
    return list(_appeals_with_details(appeals).order_by(*order)[:limit])


def appeal_for(actor, appeal_id: int) -> RatingAppeal | None:
    return _appeals_with_details(appeals_for(actor)).filter(pk=appeal_id).first()
