"""办结期限 — due dates and 黄牌/红牌 from tongban.workdays; no writes, no Django models."""

from collections.abc import Iterable
from datetime import date

from tongban import workdays

from .constants import DeadlineStatus


def due_date_of(*, accepted_on: date, limit: int, unit: str, immediate: bool,
                pauses: Iterable[tuple[date, date | None]] = ()) -> tuple[date | None, bool]:
    """The legal due date and whether it is provisional (暂定).

    `limit` working or calendar days after acceptance, pauses excluded; 即办件 are due the same
    working day (or the next one if accepted on a day off). The date is None while a pause is
    still open. It is provisional when it runs into a year whose holiday notice is not
    published yet; the daily job computes it again once the notice is loaded.
    """
    if immediate:
        return workdays.provisional_deadline(accepted_on, 0 if workdays.is_working_day(accepted_on) else 1)
    return workdays.provisional_deadline(accepted_on, limit, unit, list(pauses))


def deadline_status(*, due_date: date | None, is_paused: bool, today: date, yellow_days: int) -> DeadlineStatus:
    """正常 / 黄牌 (at most `yellow_days` working days left) / 红牌 (past the due date)."""
    if is_paused:
        return DeadlineStatus.PAUSED
    if due_date is None:
        return DeadlineStatus.NONE
    if today > due_date:
        return DeadlineStatus.RED
    if workdays.working_days_between(today, due_date) <= yellow_days:
        return DeadlineStatus.YELLOW
    return DeadlineStatus.NORMAL


def yellow_line(*, today: date, yellow_days: int) -> date:
    """Cases due on or before this date (and not yet overdue) carry a 黄牌 — for indexed filters."""
    return workdays.add_working_days(today, yellow_days)
