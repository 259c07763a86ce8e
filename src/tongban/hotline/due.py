"""办理时限 — a ticket's due time from its kind, in working days (tongban.workdays only).

A due time in a year whose holiday notice is not out yet (every December) follows the provisional
rule of tongban.workdays and is flagged; `confirm_provisional_due_times` recomputes it once the
notice is loaded. Counting from the first 派单's local date with a stored number of working days
keeps 改派 and 重办 from moving it; only an approved 延期 adds days.
"""

from datetime import date, datetime, time
from typing import NamedTuple

from django.utils import timezone

from tongban import workdays

END_OF_DAY = time(23, 59, 59)


class Due(NamedTuple):
    at: datetime
    provisional: bool


def due_after(start_day: date, working_days: int) -> Due:
    """The end of the n-th working day after `start_day` (that day not counted)."""
    last_day, provisional = workdays.provisional_add_working_days(start_day, working_days)
    return Due(datetime.combine(last_day, END_OF_DAY, tzinfo=timezone.get_current_timezone()), provisional)


def start_due(ticket, start_day: date, working_days: int) -> None:
    """The first 派单 fixes what the due time counts from; 改派 and 重办 never call this again."""
    ticket.due_from, ticket.due_working_days = start_day, working_days
    count_due(ticket)


def extend_due(ticket, extra_days: int) -> None:
    """An approved 延期 adds working days to the count from the first 派单."""
    ticket.due_working_days += extra_days
    count_due(ticket)


def count_due(ticket) -> None:
    """due_at (and whether it is provisional) from the stored start day and working days."""
    ticket.due_at, ticket.due_at_provisional = due_after(ticket.due_from, ticket.due_working_days)
