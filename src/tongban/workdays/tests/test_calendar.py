"""工作日 boundary tests on the shipped notices: 春节, 国庆, 调休, year ends, unpublished years."""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest

from tongban.workdays import (
    PACKAGE_DATA_DIR,
    Calendar,
    CalendarNotPublished,
    YearData,
    add_calendar_days,
    add_working_days,
    calendar_day_deadline,
    deadline,
    is_working_day,
    load_year_file,
    working_days_between,
)

D = date


@pytest.mark.parametrize(
    ("_case", "start", "n", "expected"),
    [
        ("n=0 returns the start day", D(2026, 2, 13), 0, D(2026, 2, 13)),
        ("n=0 on a holiday still returns it", D(2026, 2, 16), 0, D(2026, 2, 16)),
        ("Fri before 春节 → 调休 Sat 2/14", D(2026, 2, 13), 1, D(2026, 2, 14)),
        ("Fri before 春节, n=2 → after 2/15–2/23", D(2026, 2, 13), 2, D(2026, 2, 24)),
        ("accepted on the 调休 Saturday", D(2026, 2, 14), 1, D(2026, 2, 24)),
        ("accepted during 春节", D(2026, 2, 18), 1, D(2026, 2, 24)),
        ("after 春节 up to the 调休 Sat 2/28", D(2026, 2, 24), 4, D(2026, 2, 28)),
        ("9/19 → 调休 Sunday 9/20", D(2026, 9, 19), 1, D(2026, 9, 20)),
        ("国庆: 9/30 → 10/8", D(2026, 9, 30), 1, D(2026, 10, 8)),
        ("国庆: 10/8 → 调休 Sat 10/10 as the 2nd day", D(2026, 10, 8), 2, D(2026, 10, 10)),
        ("劳动节: 4/30 → 5/6", D(2026, 4, 30), 1, D(2026, 5, 6)),
        ("劳动节: 5/8 → 调休 Sat 5/9", D(2026, 5, 8), 1, D(2026, 5, 9)),
        ("2025→2026: 元旦 1/1–1/3, 调休 Sun 1/4", D(2025, 12, 31), 1, D(2026, 1, 4)),
        ("2025→2026, n=2", D(2025, 12, 30), 2, D(2026, 1, 4)),
        ("2025→2026, n=3", D(2025, 12, 30), 3, D(2026, 1, 5)),
        ("2020 extension: Sat 2/1 no longer worked", D(2020, 1, 23), 1, D(2020, 2, 3)),
        ("2023 元旦 began on Sat 2022-12-31", D(2022, 12, 30), 1, D(2023, 1, 3)),
        ("a plain week", D(2026, 3, 2), 5, D(2026, 3, 9)),
        ("a year of working days", D(2025, 12, 31), 248, D(2026, 12, 31)),
    ],
)
def test_add_working_days(_case: str, start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected
    assert working_days_between(start, expected) == n


@pytest.mark.parametrize(
    ("_case", "day", "expected"),
    [
        ("调休 Saturday", D(2026, 2, 14), True),
        ("春节 Sunday", D(2026, 2, 15), False),
        ("春节 weekday", D(2026, 2, 23), False),
        ("plain Saturday", D(2026, 3, 7), False),
        ("plain Monday", D(2026, 3, 9), True),
        ("调休 Sunday 1/4", D(2026, 1, 4), True),
        ("2020-02-01 after the extension", D(2020, 2, 1), False),
    ],
)
def test_is_working_day(_case: str, day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("_case", "a", "b", "expected"),
    [
        ("same day", D(2026, 2, 13), D(2026, 2, 13), 0),
        ("b before a", D(2026, 2, 24), D(2026, 2, 13), 0),
        ("across 春节", D(2026, 2, 13), D(2026, 2, 24), 2),
        ("a itself never counts", D(2026, 3, 2), D(2026, 3, 3), 1),
        ("all of 2026", D(2025, 12, 31), D(2026, 12, 31), 248),
        # only the excluded day a lies before the data (issue 12)
        ("all of 2020 from 2019-12-31", D(2019, 12, 31), D(2020, 12, 31), 249),
        ("2020-01-01 is 元旦", D(2019, 12, 31), D(2020, 1, 1), 0),
        ("then 1/2", D(2019, 12, 31), D(2020, 1, 2), 1),
    ],
)
def test_working_days_between(_case: str, a: date, b: date, expected: int) -> None:
    assert working_days_between(a, b) == expected


def test_a_start_day_just_before_the_data_counts_from_the_first_day() -> None:
    # the start day never counts, so only the days after it need a notice
    assert add_working_days(D(2019, 12, 31), 1) == D(2020, 1, 2)
    assert add_working_days(D(2019, 12, 31), 0) == D(2019, 12, 31)
    assert deadline(D(2019, 12, 31), 2, pauses=[(D(2020, 1, 2), D(2020, 1, 2))]) == D(2020, 1, 6)


@pytest.mark.parametrize(
    ("_case", "call", "year"),
    [
        ("2019 day", lambda: is_working_day(D(2019, 12, 31)), 2019),
        ("2027 day", lambda: is_working_day(D(2027, 1, 4)), 2027),
        ("start in 2019 before its last day", lambda: add_working_days(D(2019, 12, 30), 1), 2019),
        ("n=0 still checks the year", lambda: add_working_days(D(2027, 1, 4), 0), 2027),
        ("result would be in 2027", lambda: add_working_days(D(2026, 12, 30), 5), 2027),
        ("between into 2027", lambda: working_days_between(D(2026, 12, 1), D(2027, 1, 5)), 2027),
        ("between from 2019", lambda: working_days_between(D(2019, 12, 1), D(2020, 1, 5)), 2019),
        ("自然日 ending in 2027", lambda: calendar_day_deadline(D(2026, 12, 20), 30), 2027),
        ("deadline into 2027", lambda: deadline(D(2026, 12, 20), 30), 2027),
    ],
)
def test_outside_published_years_raises(_case: str, call, year: int) -> None:
    with pytest.raises(CalendarNotPublished) as raised:
        call()
    assert raised.value.year == year
    message = str(raised.value)
    assert f"{year}年" in message and f"{year}.json" in message
    assert "TONGBAN_CALENDAR_DIR" in message and "load_workday_calendar" in message
    assert "not loaded" in message and "2020–2026" in message
    assert isinstance(raised.value, LookupError)


def test_calendar_not_published_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(CalendarNotPublished(2027, (2025, 2026))))
    assert (error.year, error.published) == (2027, (2025, 2026))
    assert "2027.json" in str(error)


def shipped(*years: int) -> dict[int, YearData]:
    return {year: load_year_file(PACKAGE_DATA_DIR / f"{year}.json") for year in years}


def test_gap_year_raises_instead_of_guessing() -> None:
    calendar = Calendar(shipped(2024, 2026))
    assert calendar.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    for call in (
        lambda: calendar.is_working_day(D(2025, 6, 3)),
        lambda: calendar.add_working_days(D(2024, 12, 30), 5),
        lambda: calendar.working_days_between(D(2024, 12, 1), D(2026, 1, 5)),
    ):
        with pytest.raises(CalendarNotPublished) as raised:
            call()
        assert raised.value.year == 2025
        assert "2024, 2026" in str(raised.value)


def test_notice_reaching_into_an_unloaded_december_is_ignored_there() -> None:
    calendar = Calendar(shipped(2023))
    assert calendar.add_working_days(D(2023, 1, 1), 1) == D(2023, 1, 3)
    with pytest.raises(CalendarNotPublished):
        calendar.is_working_day(D(2022, 12, 31))


def test_empty_calendar_raises_for_any_date() -> None:
    with pytest.raises(CalendarNotPublished) as raised:
        Calendar().add_working_days(D(2026, 3, 2), 1)
    assert raised.value.year == 2026 and "—" in str(raised.value)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        deadline(D(2026, 3, 2), 3, unit="hours")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        deadline(D(2026, 3, 2), 3, pauses=[(D(2026, 3, 5), D(2026, 3, 4))])
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 3, 2, 9, 0))
    with pytest.raises(TypeError):
        add_calendar_days(datetime(2026, 3, 2, 9, 0), 1)


@pytest.mark.parametrize(
    ("_case", "start", "n", "expected"),
    [
        ("ends on a working day", D(2026, 9, 20), 10, D(2026, 9, 30)),
        ("ends on 国庆 → 10/8", D(2026, 9, 25), 6, D(2026, 10, 8)),
        ("ends on the 调休 Sat 10/10", D(2026, 10, 1), 9, D(2026, 10, 10)),
        ("ends on 春节 Sunday 2/15 → 2/24", D(2026, 2, 5), 10, D(2026, 2, 24)),
        ("ends on a plain Saturday → Monday", D(2026, 3, 1), 6, D(2026, 3, 9)),
        ("n=0", D(2026, 2, 15), 0, D(2026, 2, 15)),
    ],
)
def test_calendar_day_deadline(_case: str, start: date, n: int, expected: date) -> None:
    assert calendar_day_deadline(start, n) == expected
    assert deadline(start, n, "calendar") == expected
    assert add_calendar_days(start, n) == D.fromordinal(start.toordinal() + n)
