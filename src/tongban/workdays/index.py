"""The precomputed day index behind every 工作日 (working-day) query, and pause merging.

The index covers every day from 1 January of the first published year to 31 December of the
last one. Per day offset ``o`` (days since the first indexed day) it stores:

* ``working[o]`` — 1 for a working day (工作日), 0 otherwise;
* ``count_le[o]`` — how many working days fall on or before that day;
* ``run[o]`` — which contiguous run of published years the day belongs to, -1 in a gap year;
* ``limit[o]`` — ``count_le`` at the last day of that run, the highest working-day count a
  query starting here can reach without entering a year that has no notice;

and ``work_dates[k]`` is the (k+1)-th working day as a ``date`` object. The k-th working day
after ``d`` is then ``work_dates[count_le[d] + k - 1]``: a few list look-ups, no loop over days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from .data import YearData


class DayIndex:
    """Prefix counts and working-day dates for one calendar, optionally with regional closures."""

    __slots__ = (
        "first",
        "size",
        "working",
        "count_le",
        "limit",
        "run",
        "run_last_year",
        "work_dates",
    )

    def __init__(self, years: Mapping[int, YearData], closed_days: Iterable[date] = ()) -> None:
        published = set(years)
        if not published:
            self.first = self.size = 0
            self.working = bytearray()
            self.count_le: list[int] = []
            self.limit: list[int] = []
            self.run: list[int] = []
            self.run_last_year: list[int] = []
            self.work_dates: list[date] = []
            return
        lo, hi = min(published), max(published)
        first = date(lo, 1, 1).toordinal()
        size = date(hi, 12, 31).toordinal() - first + 1
        # The ordinary week: Monday to Friday work, Saturday and Sunday rest
        # (date ordinal 1, 0001-01-01, was a Monday).
        working = bytearray(1 if (first + o - 1) % 7 < 5 else 0 for o in range(size))

        def mark(day: date, value: int) -> None:
            offset = day.toordinal() - first
            if 0 <= offset < size:  # a notice may name a December day of an unloaded year
                working[offset] = value

        # Notices are applied oldest first so that a later notice reaching back into December
        # of the previous year (e.g. 2023's 元旦 from 2022-12-31) has the last word.
        for year in sorted(published):
            for day in years[year].holiday_days:
                mark(day, 0)
            for day in years[year].working_weekends:
                mark(day, 1)
        for day in closed_days:
            mark(day, 0)

        run = [-1] * size
        run_last_year: list[int] = []
        for year in range(lo, hi + 1):
            if year not in published:
                continue
            if year - 1 not in published:
                run_last_year.append(year)
            run_last_year[-1] = year
            start = date(year, 1, 1).toordinal() - first
            end = date(year, 12, 31).toordinal() - first
            run[start : end + 1] = [len(run_last_year) - 1] * (end - start + 1)

        count_le = [0] * size
        work_dates: list[date] = []
        count = 0
        for o in range(size):
            if working[o] and run[o] >= 0:
                count += 1
                work_dates.append(date.fromordinal(first + o))
            else:
                working[o] = 0  # a day of a gap year is unknown, never "working"
            count_le[o] = count

        # limit[o]: count_le at the end of o's run, filled backwards run by run.
        limit = [-1] * size
        ceiling = 0
        for o in range(size - 1, -1, -1):
            if run[o] < 0:
                continue
            if o == size - 1 or run[o + 1] != run[o]:
                ceiling = count_le[o]
            limit[o] = ceiling

        self.first, self.size, self.working = first, size, working
        self.count_le, self.limit, self.run = count_le, limit, run
        self.run_last_year, self.work_dates = run_last_year, work_dates

    def offset(self, day: date) -> int:
        """Day offset of a published day, or -1 when its year has no notice loaded."""
        if isinstance(day, datetime):
            # A datetime would silently use its own (maybe UTC) calendar date; the caller
            # must first convert to the local date (Asia/Shanghai).
            raise TypeError("工作日历只接受 date，不接受 datetime / pass a date, not a datetime")
        o = day.toordinal() - self.first
        if 0 <= o < self.size and self.run[o] >= 0:
            return o
        return -1

    def count_until(self, offset: int, before: int, last_ordinal: int) -> tuple[int, bool]:
        """Working days beyond the count ``before`` up to the day ``last_ordinal``, within the
        run of ``offset`` (the day the count starts from, or the one after it).

        Returns ``(count, complete)``; ``complete`` is False when the run of published years
        ends before ``last_ordinal``, so the count stops at the end of the run.
        """
        last = last_ordinal - self.first
        if last < offset:
            return 0, True
        if last < self.size and self.run[last] == self.run[offset]:
            return self.count_le[last] - before, True
        return self.limit[offset] - before, False

    def year_after_run(self, offset: int) -> int:
        """The first unpublished year after the run of published years containing ``offset``."""
        return self.run_last_year[self.run[offset]] + 1


def merge_pauses(
    pauses: Iterable[tuple[date, date | None]], after: date
) -> list[tuple[int, int | None]]:
    """Merge 补正 / 特别程序 pauses into disjoint, sorted ordinal intervals after ``after``.

    Each pause ``(p_start, p_end)`` covers p_start..p_end inclusive (``None`` = still open).
    Days on or before ``after`` never count anyway, so intervals are clipped to start the day
    after it. Overlapping or touching pauses merge, so a day is excluded once however many
    pauses cover it; an open pause swallows everything after its start.
    """
    spans: list[tuple[int, int | None]] = []
    floor = after.toordinal() + 1
    for pause in pauses:
        p_start, p_end = pause
        if isinstance(p_start, datetime) or isinstance(p_end, datetime):
            raise TypeError("暂停区间只接受 date / pause bounds must be dates, not datetimes")
        if p_end is not None and p_end < p_start:
            raise ValueError(f"暂停区间结束日 {p_end} 早于开始日 {p_start}")
        lo = max(p_start.toordinal(), floor)
        hi = None if p_end is None else p_end.toordinal()
        if hi is None or hi >= lo:
            spans.append((lo, hi))
    spans.sort(key=lambda span: span[0])
    merged: list[tuple[int, int | None]] = []
    for lo, hi in spans:
        if merged:
            last_lo, last_hi = merged[-1]
            if last_hi is None:
                break
            if lo <= last_hi + 1:
                merged[-1] = (last_lo, None if hi is None else max(last_hi, hi))
                continue
        merged.append((lo, hi))
    return merged
