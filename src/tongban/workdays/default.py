"""The application's default 工作日历 and the module-level functions that use it.

The default calendar is loaded lazily from the notices shipped in the package
(``workdays/data/``) and then from the directory named by ``TONGBAN_CALENDAR_DIR``, whose files
add years or replace shipped ones (an administrator adds next year's notice or a regional
closure there without a release). Every process notices a change of those files within
:data:`RECHECK_SECONDS` and loads them again, so a year or closure published through one worker
reaches the others; :func:`reload` does it at once.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .calendar import Calendar, Pause, Unit
from .data import CALENDAR_DIR_ENV, PACKAGE_DATA_DIR, REGIONS_SUBDIR, YearData
from .errors import CalendarNotPublished

RECHECK_SECONDS = 2.0

_default: Calendar | None = None
_stamp: tuple = ()
_checked_at = 0.0
_lock = threading.Lock()


def data_directories() -> list[Path]:
    """The data directories of the default calendar, lowest priority first.

    ``TONGBAN_CALENDAR_DIR`` is used only once it exists: the settings point it at a directory
    that the first published year creates, and until then there is simply nothing to add.
    """
    directories = [PACKAGE_DATA_DIR]
    extra = os.environ.get(CALENDAR_DIR_ENV, "").strip()
    if extra and Path(extra).is_dir():
        directories.append(Path(extra))
    return directories


def _files_stamp(directories: list[Path]) -> tuple:
    """What changes when a data file is added, replaced or removed: the directories' mtimes
    (files are replaced by an atomic rename, which updates the directory)."""
    stamp = []
    for directory in directories:
        for folder in (directory, directory / REGIONS_SUBDIR):
            try:
                stamp.append((str(folder), folder.stat().st_mtime_ns))
            except OSError:
                stamp.append((str(folder), None))
    return tuple(stamp)


def default_calendar() -> Calendar:
    """The shared calendar, loaded on first use and again when its data files change."""
    global _default, _stamp, _checked_at
    calendar, now = _default, time.monotonic()
    if calendar is not None and now - _checked_at < RECHECK_SECONDS:
        return calendar
    with _lock:  # several threads may ask at once; load the files only once
        directories = data_directories()
        stamp = _files_stamp(directories)
        if _default is None or stamp != _stamp:
            _default, _stamp = Calendar.from_directories(*directories), stamp
        _checked_at = now
        return _default


def reload() -> None:
    """Drop the cached default calendar; the next call reloads every data file.

    Use after an administrator adds or corrects a year (``load_workday_calendar``).
    """
    global _default
    with _lock:
        _default = None


def provisional_calendar(*days: date | None) -> Calendar:
    """The default calendar plus weekend-only years (暂定) after the last published one, at
    least two and enough to reach a year past each of `days`.

    For dates shown before the State Council publishes a year's notice: every answer that
    touches such a year is provisional, and callers must say so (see provisional_deadline).
    """
    calendar = default_calendar()
    last = calendar.published_years()[-1]
    reach = max((day.year for day in days if day is not None), default=last)
    return calendar.with_provisional_years(max(2, reach + 1 - last))


def published_years() -> tuple[int, ...]:
    """Years whose State Council notice (节假日安排) the default calendar has loaded."""
    return default_calendar().published_years()


def published_year_data() -> tuple[YearData, ...]:
    """The loaded notices (节假日安排) of the default calendar, oldest first."""
    return default_calendar().published_year_data()


def is_working_day(day: date, *, region: str | None = None) -> bool:
    """Whether ``day`` is a 工作日; see :meth:`Calendar.is_working_day`."""
    return default_calendar().is_working_day(day, region=region)


def add_working_days(start: date, n: int, *, region: str | None = None) -> date:
    """The n-th 工作日 after ``start`` (never counting start); see Calendar.add_working_days."""
    return default_calendar().add_working_days(start, n, region=region)


def working_days_between(a: date, b: date, *, region: str | None = None) -> int:
    """工作日 d with a < d <= b; see :meth:`Calendar.working_days_between`."""
    return default_calendar().working_days_between(a, b, region=region)


def add_calendar_days(start: date, n: int) -> date:
    """``start`` plus n 自然日, no holiday rule; see :meth:`Calendar.add_calendar_days`."""
    return default_calendar().add_calendar_days(start, n)


def calendar_day_deadline(start: date, n: int, *, region: str | None = None) -> date:
    """Last day of an n-自然日 limit, moved to the next 工作日 if it is not one."""
    return default_calendar().calendar_day_deadline(start, n, region=region)


def deadline(
    start: date,
    n: int,
    unit: Unit = "working",
    pauses: Iterable[Pause] = (),
    *,
    region: str | None = None,
) -> date | None:
    """Due date with 补正 / 特别程序 pauses excluded; see :meth:`Calendar.deadline`."""
    return default_calendar().deadline(start, n, unit, pauses, region=region)


def elapsed_working_days(
    start: date, today: date, pauses: Iterable[Pause] = (), *, region: str | None = None
) -> int:
    """工作日 used so far, pauses excluded; see :meth:`Calendar.elapsed_working_days`."""
    return default_calendar().elapsed_working_days(start, today, pauses, region=region)


def remaining_working_days(
    start: date, n: int, today: date, pauses: Iterable[Pause] = (), *, region: str | None = None
) -> int:
    """工作日 left (negative when overdue); see :meth:`Calendar.remaining_working_days`."""
    return default_calendar().remaining_working_days(start, n, today, pauses, region=region)


def provisional_deadline(
    start: date,
    n: int,
    unit: Unit = "working",
    pauses: Iterable[Pause] = (),
    *,
    region: str | None = None,
) -> tuple[date | None, bool]:
    """The due date and whether it is provisional (暂定).

    When the limit runs into a year whose notice is not published yet (a 20-working-day
    limit accepted in December), the date is computed with weekends only for that year and
    flagged provisional, so the case can proceed and be recomputed once the notice is loaded.
    """
    try:
        return default_calendar().deadline(start, n, unit, pauses, region=region), False
    except CalendarNotPublished:
        return provisional_calendar(start).deadline(start, n, unit, pauses, region=region), True


def provisional_add_working_days(start: date, n: int, *, region: str | None = None) -> tuple[date, bool]:
    """add_working_days, and whether the answer is provisional (see provisional_deadline)."""
    try:
        return default_calendar().add_working_days(start, n, region=region), False
    except CalendarNotPublished:
        return provisional_calendar(start).add_working_days(start, n, region=region), True
