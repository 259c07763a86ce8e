"""办结期限 — due dates and 黄牌/红牌 from tongban.workdays; no writes, no Django models.

Every date here may lie in a year whose holiday notice is not published yet (a case accepted in
December is due in January): such dates are computed with weekends only and flagged
provisional (暂定), never refused, so queues, pages and transitions keep working.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tongban import workdays

from .constants import DeadlineStatus, PauseKind


class PauseLike(Protocol):
    kind: str
    started_on: date
    ended_on: date | None
    max_duration: int | None
    unit: str


@dataclass(frozen=True)
class Limit:
    """An item version's promised time limit, plus the extensions (延长审批) granted so far."""

    days: int
    unit: str
    immediate: bool = False


def _provisional(answer, *days: date | None):
    """`answer(calendar)` on the published calendar, else on the provisional one: (value, provisional)."""
    try:
        return answer(workdays.default_calendar()), False
    except workdays.CalendarNotPublished:
        return answer(workdays.provisional_calendar(*days)), True


def special_pause_end(start: date, duration: int, unit: str, *, region: str | None = None) -> date:
    """The last day a special procedure of `duration` days starting on `start` may exclude
    (pauses exclude both ends, so the start day itself is the first of them)."""
    if unit == "working":
        def last(calendar):
            first_day_counts = calendar.is_working_day(start, region=region)
            return calendar.add_working_days(start, duration - 1 if first_day_counts else duration, region=region)
        return _provisional(last, start)[0]
    return workdays.add_calendar_days(start, duration - 1)


def pause_intervals(pauses: Iterable[PauseLike], *, after: date, region: str | None = None,
                    ) -> list[tuple[date, date | None]]:
    """The intervals the clock stops for (pauses starting after `after`): 补正 and 中止 until
    they end, a special procedure at most to its maximum. Extensions (延长审批) are no pause."""
    intervals = []
    for pause in pauses:
        if pause.kind == PauseKind.EXTENSION or pause.started_on <= after:
            continue
        end = pause.ended_on
        if pause.kind == PauseKind.SPECIAL and pause.max_duration:
            cap = special_pause_end(pause.started_on, pause.max_duration, pause.unit, region=region)
            end = cap if end is None or end > cap else end
        intervals.append((pause.started_on, end))
    return intervals


def clock_stopped_until(pauses: Iterable[PauseLike], *, region: str | None = None) -> date | None:
    """While a special procedure is open: the last day its maximum allows; from the day after,
    the clock runs again. None for any other open pause (补正, 中止: stopped until it ends)."""
    for pause in pauses:
        if pause.ended_on is None and pause.kind == PauseKind.SPECIAL and pause.max_duration:
            return special_pause_end(pause.started_on, pause.max_duration, pause.unit, region=region)
    return None


def due_date_of(*, accepted_on: date, limit: int, unit: str, immediate: bool,
                pauses: Iterable[tuple[date, date | None]] = (),
                extensions: Iterable[tuple[int, str]] = (), region: str | None = None) -> tuple[date | None, bool]:
    """The legal due date and whether it is provisional (暂定).

    `limit` working or calendar days after acceptance, pauses excluded, plus each extension
    (延长审批: days and unit) granted; 即办件 are due the same working day (or the next one if
    accepted on a day off). `region` is the case's region path: its closures (and its
    district's) are no working days. The date is None while a pause with no maximum is open.
    It is provisional when it runs into a year whose holiday notice is not published yet; the
    daily job computes it again once the notice is loaded.
    """
    if immediate:
        working, provisional = _provisional(lambda c: c.is_working_day(accepted_on, region=region), accepted_on)
        due, later = workdays.provisional_deadline(accepted_on, 0 if working else 1, region=region)
        return due, provisional or later
    pauses = list(pauses)
    after = []
    for days, extension_unit in extensions:
        if extension_unit == unit:
            limit += days  # an extension is more days of the same limit: later pauses still count
        else:
            after.append((days, extension_unit))
    due, provisional = workdays.provisional_deadline(accepted_on, limit, unit, pauses, region=region)
    for days, extension_unit in after:
        if due is None:
            break
        if extension_unit == "working":
            (due, later) = _provisional(lambda c, d=due, n=days: c.add_working_days(d, n, region=region), due)
        else:
            (due, later) = _provisional(lambda c, d=due, n=days: c.calendar_day_deadline(d, n, region=region), due)
        provisional = provisional or later
    return due, provisional


def deadline_status(*, due_date: date | None, is_paused: bool, today: date, yellow_days: int,
                    paused_until: date | None = None, decided_on: date | None = None,
                    closed: bool = False, region: str | None = None) -> DeadlineStatus:
    """The card a case shows on `today`, from its stored columns.

    Decided: 按时办结 / 超期办结, judged on the decision day, never 红牌 afterwards. Ended
    without a decision (撤回, 终止): 未计时. Paused: 暂停计时 — for a special procedure only up
    to its maximum (`paused_until`); past it the clock runs again against the due date computed
    with that maximum. Otherwise 红牌 past the due date, 黄牌 with at most `yellow_days`
    working days left, else 正常. Days in an unpublished year count provisionally.
    """
    if decided_on is not None and due_date is not None:
        return DeadlineStatus.ON_TIME if decided_on <= due_date else DeadlineStatus.LATE
    if closed or decided_on is not None:
        return DeadlineStatus.NONE
    if is_paused and (paused_until is None or today <= paused_until):
        return DeadlineStatus.PAUSED
    if due_date is None:
        return DeadlineStatus.NONE
    if today > due_date:
        return DeadlineStatus.RED
    left, _ = _provisional(lambda c: c.working_days_between(today, due_date, region=region), today, due_date)
    return DeadlineStatus.YELLOW if left <= yellow_days else DeadlineStatus.NORMAL


def yellow_line(*, today: date, yellow_days: int) -> date:
    """Cases due on or before this date (and not yet overdue) carry a 黄牌 — for indexed filters."""
    return _provisional(lambda c: c.add_working_days(today, yellow_days), today)[0]
