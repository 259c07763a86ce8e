"""Reads of tickets: the department queue (keyset pages) and the public statistics."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tongban.core.rates import Rate

from .constants import Satisfaction
from .models import Ticket, TicketReturn
from .scopes import tickets_for
from .workflow import TICKET_WORKFLOW

QUEUES = {"open": TICKET_WORKFLOW.states_tagged("open"), "closed": TICKET_WORKFLOW.states_tagged("terminal"),
          "all": tuple(TICKET_WORKFLOW.states)}


def parse_cursor(after: str | int | None) -> tuple[bool, int] | None:
    """"E123" — after ticket 123 among the 应急 tickets; "123" — after 123 among the others."""
    text = str(after or "")
    emergency, digits = text.startswith("E"), text.removeprefix("E")
    return (emergency, int(digits)) if digits.isdigit() else None


def cursor_of(ticket: Ticket) -> str:
    return f"{'E' if ticket.is_emergency else ''}{ticket.id}"


def queue(user, *, name: str = "open", status: str = "", after: str | int | None = None, limit: int = 50,
          enterprise: bool = False, callback_overdue: bool = False, now=None) -> list[Ticket]:
    """Tickets of the viewer's scope: 应急 tickets first, then the others, oldest first in each;
    `limit + 1` rows tell whether a next page exists."""
    tickets = tickets_for(user).select_related("category", "category__parent", "department", "region")
    tickets = tickets.filter(status=status) if status else tickets.filter(status__in=QUEUES.get(name, QUEUES["open"]))
    if enterprise:
        tickets = tickets.exclude(enterprise_uscc="")
    if callback_overdue:
        tickets = tickets.filter(status="replied", callback_due_at__lt=now or timezone.now())
    cursor = parse_cursor(after)
    if cursor is not None:
        emergency, last_id = cursor
        tickets = tickets.filter(Q(is_emergency=True, id__gt=last_id) | Q(is_emergency=False)) if emergency \
            else tickets.filter(is_emergency=False, id__gt=last_id)
    return list(tickets.order_by("-is_emergency", "id")[: limit + 1])


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

    on_time_rate = Rate("on_time", "replied")
    satisfaction_rate = Rate("satisfied", "callbacks")

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
