"""Reads of tickets: the department queue (keyset pages) and the public statistics."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from .constants import Satisfaction
from .models import Ticket, TicketReturn
from .scopes import tickets_for

OPEN = ["registered", "dispatched", "accepted", "returned", "extension_requested", "replied", "reopened"]
QUEUES = {"open": OPEN, "closed": ["closed", "merged"], "all": OPEN + ["closed", "merged"]}


def queue(user, *, name: str = "open", status: str = "", after: int | None = None, limit: int = 50) -> list[Ticket]:
    """Tickets of the viewer's scope, oldest first; `limit + 1` rows tell whether a next page exists."""
    tickets = tickets_for(user).select_related("category", "category__parent", "department")
    tickets = tickets.filter(status=status) if status else tickets.filter(status__in=QUEUES.get(name, OPEN))
    if after:
        tickets = tickets.filter(id__gt=after)
    return list(tickets.order_by("id")[: limit + 1])


@dataclass
class StatsRow:
    department: str
    month: str
    volume: int = 0
    replied: int = 0
    on_time: int = 0
    callbacks: int = 0
    satisfied: int = 0
    returns: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.replied, 1) if self.replied else None

    @property
    def satisfaction_rate(self) -> float | None:
        return round(100 * self.satisfied / self.callbacks, 1) if self.callbacks else None

    def add(self, other: "StatsRow") -> None:
        for field in ("volume", "replied", "on_time", "callbacks", "satisfied", "returns"):
            setattr(self, field, getattr(self, field) + getattr(other, field))


def hotline_stats() -> tuple[list[StatsRow], StatsRow]:
    """接诉即办统计 — per department and month of registration: volume, 按时答复率, 回访满意率, 退单数.

    On time = replied no later than the due time in force; satisfaction counts the latest callback.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    grouped = (Ticket.objects.filter(department__isnull=False).exclude(status="merged")
               .annotate(month=TruncMonth("created_at", tzinfo=zone))
               .values("department__name", "month")
               .annotate(volume=Count("id"), replied=Count("id", filter=Q(replied_at__isnull=False)),
                         on_time=Count("id", filter=Q(replied_at__isnull=False, replied_at__lte=F("due_at"))),
                         callbacks=Count("id", filter=~Q(satisfaction="")),
                         satisfied=Count("id", filter=Q(satisfaction=Satisfaction.SATISFIED))))
    rows: dict[tuple[str, str], StatsRow] = {}
    for row in grouped:
        key = (row["department__name"], row["month"].astimezone(zone).strftime("%Y-%m"))
        rows.setdefault(key, StatsRow(*key)).add(StatsRow(*key, volume=row["volume"], replied=row["replied"],
                                                          on_time=row["on_time"], callbacks=row["callbacks"],
                                                          satisfied=row["satisfied"]))
    returns = (TicketReturn.objects.annotate(month=TruncMonth("returned_at", tzinfo=zone))
               .values("department__name", "month").annotate(count=Count("id")))
    for row in returns:
        key = (row["department__name"], row["month"].astimezone(zone).strftime("%Y-%m"))
        rows.setdefault(key, StatsRow(*key)).returns += row["count"]
    ordered = [rows[key] for key in sorted(rows, key=lambda k: (k[1], k[0]))]
    total = StatsRow("合计", "全部")
    for row in ordered:
        total.add(row)
    return ordered, total
