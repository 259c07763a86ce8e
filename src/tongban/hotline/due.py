"""办理时限 — a ticket's due time from its kind, in working days (tongban.workdays only)."""

from collections.abc import Mapping
from datetime import datetime, time

from django.utils import timezone

from tongban import workdays

END_OF_DAY = time(23, 59, 59)


def parse_days_by_kind(raw: str) -> dict[str, int]:
    """"consult=3,help=3" → {"consult": 3, "help": 3} (the settings line's format)."""
    pairs = (part.split("=", 1) for part in raw.split(",") if part.strip())
    return {kind.strip(): int(days) for kind, days in pairs}


def due_at_for(kind: str, start: datetime, days_by_kind: Mapping[str, int]) -> datetime:
    """The end of the n-th working day after the local day of `start` (that day not counted)."""
    local = timezone.localtime(start)
    last_day = workdays.add_working_days(local.date(), days_by_kind[kind])
    return datetime.combine(last_day, END_OF_DAY, tzinfo=local.tzinfo)


def extended(due_at: datetime, extra_days: int) -> datetime:
    local = timezone.localtime(due_at)
    return datetime.combine(workdays.add_working_days(local.date(), extra_days), END_OF_DAY, tzinfo=local.tzinfo)
