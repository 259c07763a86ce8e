"""The shipped notices agree with the independent `chinese_calendar` package on every day.

`chinese_calendar` records some holidays that fall on weekends and some it does not; only the
working / non-working status of each day has to agree, and it must for all of 2020–2026.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from tongban.workdays import PACKAGE_DATA_DIR, Calendar, is_working_day, published_years

FIRST, LAST = date(2020, 1, 1), date(2026, 12, 31)


def every_day() -> list[date]:
    return [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]


def test_shipped_years_are_2020_to_2026() -> None:
    assert published_years() == tuple(range(2020, 2027))


def test_every_day_agrees_with_chinese_calendar() -> None:
    disagreements = [
        (day.isoformat(), ours, theirs)
        for day in every_day()
        if (ours := is_working_day(day)) != (theirs := chinese_calendar.is_workday(day))
    ]
    assert disagreements == []


@pytest.mark.parametrize("year", range(2020, 2027))
def test_working_day_counts_agree_per_year(year: int) -> None:
    calendar = Calendar.from_directories(PACKAGE_DATA_DIR)
    first, last = date(year, 1, 1), date(year, 12, 31)
    ours = calendar.is_working_day(first) + calendar.working_days_between(first, last)
    assert ours == len(chinese_calendar.get_workdays(first, last))
