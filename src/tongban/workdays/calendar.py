"""工作日历 — working days, calendar-day limits and deadlines with pauses.

Conventions, as in Chinese administrative law and practice:

* A time limit starts the day after the triggering event (受理 acceptance): the start day
  itself never counts.
* 工作日 (working days) are Monday to Friday, minus the holidays of the State Council notice
  (放假), plus its adjusted working days (调休上班日, a Saturday or Sunday), minus any regional
  closure when a ``region`` is given.
* 自然日 (calendar days) count every day, but a limit whose last day is not a working day ends
  on the next working day.
* A pause — 补正 (the applicant is correcting the materials) or 特别程序 (hearing, expert
  review, inspection …) — from ``p_start`` to ``p_end`` stops the clock on ``p_start`` and
  restarts it the day after ``p_end``: the days ``p_start``..``p_end`` (both included) do not
  count, and overlapping pauses count once.

Every query is a handful of list look-ups on a :class:`~tongban.workdays.index.DayIndex`;
nothing loops over days. Any date in a year without a loaded notice raises
:class:`CalendarNotPublished`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from .data import RegionData, YearData, load_directory, validate_region_data, validate_year_data
from .errors import CalendarNotPublished, describe_years
from .index import DayIndex, merge_pauses

Pause = tuple[date, date | None]
Unit = Literal["working", "calendar"]


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError(f"期限天数不能为负数：{n} / a time limit cannot be negative")


class Calendar:
    """A working-day calendar (工作日历) built from explicit notices and regional closures.

    Tests build one from literal data with :meth:`from_years`; the application uses
    :func:`default_calendar`. Instances are immutable once built, apart from a per-region index
    cache filled on first use.
    """

    def __init__(
        self,
        years: Mapping[int, YearData] | None = None,
        regions: Mapping[str, RegionData] | None = None,
    ) -> None:
        self._years = dict(sorted((years or {}).items()))
        for year, data in self._years.items():
            if data.year != year:
                raise ValueError(f"{year}年的位置放入了{data.year}年的数据")
        self._regions = dict(regions or {})
        self._published = tuple(self._years)
        self._base = DayIndex(self._years)
        self._by_region: dict[str, DayIndex] = {}
        self._provisional: dict[int, Calendar] = {}

    def with_provisional_years(self, count: int = 2) -> Calendar:
        """This calendar plus `count` weekend-only years after the last published one.

        Only for *provisional* due dates (暂定期限) that must be shown before the State Council
        publishes the next year's notice; callers flag every date computed from it and compute
        again once the notice is loaded. Never a silent substitute for the real calendar.
        Regional closures apply in those years too.
        """
        if count in self._provisional:
            return self._provisional[count]
        last = self._published[-1]
        extra = {year: YearData(year=year, source="暂定：国务院通知尚未发布，仅按周末推算", holidays=(),
                                working_weekends=())
                 for year in range(last + 1, last + 1 + count)}
        self._provisional[count] = Calendar({**self._years, **extra}, self._regions)
        return self._provisional[count]

    @classmethod
    def from_years(
        cls,
        years: Mapping[int, YearData | Mapping[str, Any]],
        regions: Mapping[str, RegionData | Mapping[str, Any]] | None = None,
    ) -> Calendar:
        """Build a calendar from notices given as :class:`YearData` or raw (validated) dicts."""
        checked = {
            year: data
            if isinstance(data, YearData)
            else validate_year_data(data, expected_year=year)
            for year, data in years.items()
        }
        checked_regions = {
            code: data
            if isinstance(data, RegionData)
            else validate_region_data(data, expected_region=code)
            for code, data in (regions or {}).items()
        }
        return cls(checked, checked_regions)

    @classmethod
    def from_directories(cls, *directories: str | Path) -> Calendar:
        """Load data directories in order; a later directory's year or region file wins."""
        years: dict[int, YearData] = {}
        regions: dict[str, RegionData] = {}
        for directory in directories:
            more_years, more_regions = load_directory(directory)
            years.update(more_years)
            regions.update(more_regions)
        return cls(years, regions)

    def __repr__(self) -> str:
        return f"<Calendar years={describe_years(self._published)} regions={len(self._regions)}>"

    # -- what is loaded -------------------------------------------------------------------

    def published_years(self) -> tuple[int, ...]:
        """The years whose State Council notice is loaded, ascending."""
        return self._published

    def published_year_data(self) -> tuple[YearData, ...]:
        """The loaded notices, oldest first."""
        return tuple(self._years.values())

    def year_data(self, year: int) -> YearData:
        """The loaded notice for ``year``; raises :class:`CalendarNotPublished` if none."""
        try:
            return self._years[year]
        except KeyError:
            raise CalendarNotPublished(year, self._published) from None

    def regions(self) -> tuple[str, ...]:
        """Region codes that have extra closures (地方性休息日)."""
        return tuple(sorted(self._regions))

    def region_data(self, region: str) -> RegionData | None:
        """The closures loaded for one region code, if any."""
        return self._regions.get(region)

    def _index(self, region: str | None) -> DayIndex:
        """The index for `region`: a region code, or a region path such as
        "371302/371302001/" whose every level's closures apply (a district's closure closes
        its towns too)."""
        if region is None:
            return self._base
        index = self._by_region.get(region)
        if index is None:
            closed = [day for code in region.split("/") if code in self._regions
                      for day in self._regions[code].closed_days]
            if not closed:
                return self._base  # most regions have no closures of their own
            index = self._by_region[region] = DayIndex(self._years, closed)
        return index

    def _offset(self, index: DayIndex, day: date) -> int:
        offset = index.offset(day)
        if offset < 0:
            raise CalendarNotPublished(day.year, self._published)
        return offset

    def _anchor(self, index: DayIndex, day: date) -> tuple[int, int]:
        """Where a count that excludes `day` starts: (offset, working days on or before `day`).

        The offset is `day`'s own, or its successor's when `day` lies just before the loaded
        data (2019-12-31 before a calendar starting in 2020): the start day never counts, so
        only the days after it need a notice.
        """
        offset = index.offset(day)
        if offset >= 0:
            return offset, index.count_le[offset]
        following = index.offset(day + timedelta(days=1))
        if following < 0:
            raise CalendarNotPublished(day.year, self._published)
        return following, index.count_le[following] - index.working[following]

    # -- working days (工作日) -------------------------------------------------------------

    def is_working_day(self, day: date, *, region: str | None = None) -> bool:
        """Whether ``day`` is a 工作日 (调休 and, with ``region``, local closures applied)."""
        index = self._index(region)
        return index.working[self._offset(index, day)] == 1

    def add_working_days(self, start: date, n: int, *, region: str | None = None) -> date:
        """The n-th 工作日 after ``start``; ``start`` itself never counts, n=0 returns it."""
        index = self._base if region is None else self._index(region)
        offset, before = self._anchor(index, start)
        if n > 0:
            k = before + n
            if k <= index.limit[offset]:
                return index.work_dates[k - 1]
            raise CalendarNotPublished(index.year_after_run(offset), self._published)
        _check_count(n)
        return start

    def working_days_between(self, a: date, b: date, *, region: str | None = None) -> int:
        """The number of 工作日 d with a < d <= b (0 when b <= a).

        Inverse of :meth:`add_working_days`: ``working_days_between(a, add_working_days(a, n))
        == n``.
        """
        if b <= a:
            return 0
        index = self._index(region)
        oa, before = self._anchor(index, a)
        ob = self._offset(index, b)
        if index.run[oa] != index.run[ob]:
            raise CalendarNotPublished(index.year_after_run(oa), self._published)
        return index.count_le[ob] - before

    # -- calendar days (自然日) -------------------------------------------------------------

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start`` plus n 自然日, with no holiday rule (needs no calendar data)."""
        if isinstance(start, datetime):
            raise TypeError("只接受 date / pass a local date, not a datetime")
        _check_count(n)
        return start + timedelta(days=n)

    def calendar_day_deadline(self, start: date, n: int, *, region: str | None = None) -> date:
        """The last day of a limit of n 自然日 counted from the day after ``start``.

        If that day is not a working day (weekend, holiday or regional closure) the limit
        ends on the next working day instead — 期间届满的最后一日是法定休假日的，以法定休假日后
        的第一日为期间届满的日期 (民法典 第二百零三条, 民事诉讼法 第八十五条). An adjusted
        working day (调休上班日) is a working day, so a limit ending on one stays there.
        n=0 returns ``start`` unchanged.
        """
        last = self.add_calendar_days(start, n)
        if n == 0:
            return start
        return self._roll_forward(last, region)

    def _roll_forward(self, day: date, region: str | None) -> date:
        index = self._index(region)
        if index.working[self._offset(index, day)]:
            return day
        return self.add_working_days(day, 1, region=region)

    # -- deadlines with pauses (补正 / 特别程序) ---------------------------------------------

    def deadline(
        self,
        start: date,
        n: int,
        unit: Unit = "working",
        pauses: Iterable[Pause] = (),
        *,
        region: str | None = None,
    ) -> date | None:
        """The due date (办结期限) of a limit of n days after ``start``, pauses excluded.

        ``unit`` is ``"working"`` (工作日) or ``"calendar"`` (自然日, rolled forward to a
        working day as in :meth:`calendar_day_deadline`). Each pause ``(p_start, p_end)`` of
        补正 or 特别程序 excludes the days p_start..p_end, both included: the clock stops on
        p_start and restarts the day after p_end. Overlapping pauses are counted once, and
        pauses ending on or before ``start`` change nothing.

        An open pause (``p_end is None``) returns ``None`` — the due date is unknown until the
        pause ends — unless the limit already ran out before that pause began, in which case
        that earlier due date is returned. For 自然日 the roll forward to a working day is
        applied once, to the final day. n=0 returns ``start``.
        """
        if isinstance(start, datetime):
            raise TypeError("只接受 date / pass a local date, not a datetime")
        if unit not in ("working", "calendar"):
            raise ValueError(
                f"期限单位必须是 'working'（工作日）或 'calendar'（自然日），实际为 {unit!r}"
            )
        _check_count(n)
        merged = merge_pauses(pauses, after=start)
        if n == 0:
            return start
        if unit == "calendar":
            cursor, remaining = start.toordinal(), n
            for lo, hi in merged:
                if cursor + remaining < lo:
                    break  # the limit runs out before this pause
                remaining -= lo - 1 - cursor
                if hi is None:
                    return None
                cursor = hi
            return self._roll_forward(date.fromordinal(cursor + remaining), region)

        index = self._index(region)
        day, remaining = start, n
        for lo, hi in merged:
            if lo - 1 > day.toordinal():  # days to count before this pause (only they need data)
                offset, before = self._anchor(index, day)
                available, complete = index.count_until(offset, before, lo - 1)
                if remaining <= available:
                    return self.add_working_days(day, remaining, region=region)
                if not complete:
                    # The working days before this pause run into a year without a notice.
                    raise CalendarNotPublished(index.year_after_run(offset), self._published)
                remaining -= available
            if hi is None:
                return None
            day = date.fromordinal(hi)
        return self.add_working_days(day, remaining, region=region)

    def elapsed_working_days(
        self, start: date, today: date, pauses: Iterable[Pause] = (), *, region: str | None = None
    ) -> int:
        """工作日 used so far: working days d with start < d <= today outside every pause.

        An open pause counts as running through ``today``.
        """
        total = self.working_days_between(start, today, region=region)
        last = today.toordinal()
        for lo, hi in merge_pauses(pauses, after=start):
            if lo > last:
                break
            top = last if hi is None or hi > last else hi
            total -= self.working_days_between(
                date.fromordinal(lo - 1), date.fromordinal(top), region=region
            )
        return total

    def remaining_working_days(
        self,
        start: date,
        n: int,
        today: date,
        pauses: Iterable[Pause] = (),
        *,
        region: str | None = None,
    ) -> int:
        """工作日 left of an n-working-day limit on ``today``: ``n - elapsed_working_days``.

        Positive: days still to go (黄牌 when it drops to the warning threshold). 0: today is
        the last day, or the last day has passed with only non-working days since. Negative:
        overdue by that many working days. For the 红牌 (overdue) test itself compare
        ``today > deadline(...)``, which is exact on weekends too.
        """
        _check_count(n)
        return n - self.elapsed_working_days(start, today, pauses, region=region)
