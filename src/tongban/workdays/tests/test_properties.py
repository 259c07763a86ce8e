"""Laws of the 工作日 arithmetic, checked with Hypothesis.

On the shipped notices: round trip, monotonicity, additivity, landing on a working day. On
random synthetic notices (random 放假 and 调休 days, regional closures and 补正 / 特别程序
pauses): every answer equals a naive day-by-day reference computed from the raw data.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tongban.workdays import PACKAGE_DATA_DIR, Calendar, CalendarNotPublished

SHIPPED = Calendar.from_directories(PACKAGE_DATA_DIR)
# Starts up to the end of 2025 and n <= 200 keep every result inside 2020–2026.
starts = st.dates(date(2020, 1, 1), date(2025, 12, 31))
counts = st.integers(min_value=0, max_value=200)
any_day = st.dates(date(2020, 1, 1), date(2026, 12, 31))
ONE = timedelta(days=1)


@given(starts, counts)
def test_round_trip(start: date, n: int) -> None:
    assert SHIPPED.working_days_between(start, SHIPPED.add_working_days(start, n)) == n


@given(starts, counts, counts)
def test_add_is_strictly_monotonic_in_n(start: date, n: int, m: int) -> None:
    if n < m:
        assert SHIPPED.add_working_days(start, n) < SHIPPED.add_working_days(start, m)


@given(starts, any_day, any_day)
def test_between_is_monotonic_and_additive(x: date, a: date, b: date) -> None:
    a, b = min(a, b), max(a, b)
    assert SHIPPED.working_days_between(x, a) <= SHIPPED.working_days_between(x, b)
    if x <= a:
        assert SHIPPED.working_days_between(x, a) + SHIPPED.working_days_between(a, b) == (
            SHIPPED.working_days_between(x, b)
        )


@given(starts, st.integers(min_value=1, max_value=200))
def test_lands_on_a_working_day_after_start(start: date, n: int) -> None:
    result = SHIPPED.add_working_days(start, n)
    assert result > start and SHIPPED.is_working_day(result)
    assert SHIPPED.working_days_between(start, result - ONE) == n - 1


@given(starts, st.integers(0, 100), st.integers(0, 100))
def test_additivity(start: date, n: int, m: int) -> None:
    assert SHIPPED.add_working_days(SHIPPED.add_working_days(start, n), m) == (
        SHIPPED.add_working_days(start, n + m)
    )


@given(starts, counts)
def test_deadline_without_pauses_is_add_working_days(start: date, n: int) -> None:
    assert SHIPPED.deadline(start, n) == SHIPPED.add_working_days(start, n)


@given(starts, st.integers(1, 150), st.integers(0, 30))
def test_only_a_pause_on_or_before_the_due_date_moves_it(start: date, n: int, length: int) -> None:
    due = SHIPPED.add_working_days(start, n)
    assert SHIPPED.deadline(start, n, pauses=[(due + ONE, due + ONE * (1 + length))]) == due
    assert SHIPPED.deadline(start, n, pauses=[(due + ONE, None)]) == due
    assert SHIPPED.deadline(start, n, pauses=[(due, due + ONE * length)]) > due
    assert SHIPPED.deadline(start, n, pauses=[(due, None)]) is None


# -- random notices against a naive reference ------------------------------------------------

YEARS = (2030, 2031, 2032)
SPAN_FIRST, SPAN_LAST = date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31)
REGION = "999999"


Days = set[date]


def weekend_days(year: int) -> st.SearchStrategy[date]:
    """Saturdays and Sundays of ``year`` (built directly: filtering would discard 5 in 7)."""
    first = date(year, 1, 1)
    saturday = first + timedelta(days=(5 - first.weekday()) % 7)
    return st.builds(
        lambda week, sunday: saturday + timedelta(days=7 * week + sunday),
        st.integers(0, 51),
        st.integers(0, 1),
    ).filter(lambda day: day.year == year)


@st.composite
def random_calendars(draw: st.DrawFn) -> tuple[Calendar, dict[str | None, tuple[Days, Days]]]:
    """A calendar from random notices, plus per region the raw (off, on) day sets."""
    notices, off, on = {}, set(), set()
    for year in YEARS:
        days = st.dates(date(year, 1, 1), date(year, 12, 31))
        holidays = draw(st.sets(days, max_size=30))
        weekends = draw(st.sets(weekend_days(year), max_size=8)) - holidays
        holiday_days = [d.isoformat() for d in holidays]
        holiday_list = [{"name": "假", "days": holiday_days}] if holidays else []
        notices[year] = {
            "year": year,
            "source": "随机测试数据",
            "holidays": holiday_list,
            "working_weekends": [d.isoformat() for d in weekends],
        }
        off |= holidays
        on |= weekends
    closed = draw(st.sets(st.dates(SPAN_FIRST, SPAN_LAST), min_size=1, max_size=10))
    closure = {"name": "闭", "source": "随机测试数据", "days": [d.isoformat() for d in closed]}
    calendar = Calendar.from_years(notices, {REGION: {"region": REGION, "closures": [closure]}})
    return calendar, {None: (off, on), REGION: (off | closed, on - closed)}


def naive_working(day: date, off: Days, on: Days) -> bool:
    if not SPAN_FIRST <= day <= SPAN_LAST:
        raise CalendarNotPublished(day.year)
    return day in on or (day.weekday() < 5 and day not in off)


Pauses = list[tuple[date, date | None]]


def is_paused(day: date, pauses: Pauses) -> bool:
    return any(p_start <= day and (p_end is None or day <= p_end) for p_start, p_end in pauses)


def open_from(day: date, pauses: Pauses) -> bool:
    return any(p_end is None and p_start <= day for p_start, p_end in pauses)


def naive_deadline(start: date, n: int, unit: str, pauses: Pauses, off: Days, on: Days):
    """Walk day by day: the reference that the index must reproduce."""
    day, count = start, 0
    while count < n:
        day += ONE
        if open_from(day, pauses):
            return None
        if is_paused(day, pauses):
            continue
        if unit == "calendar" or naive_working(day, off, on):
            count += 1
    if unit == "calendar" and n > 0:
        while not naive_working(day, off, on):
            day += ONE
    return day


def naive_elapsed(start: date, today: date, pauses: Pauses, off: Days, on: Days) -> int:
    days = (start + ONE * i for i in range(1, (today - start).days + 1))
    return sum(naive_working(d, off, on) and not is_paused(d, pauses) for d in days)


def outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except CalendarNotPublished:
        return "not published"


span_dates = st.dates(SPAN_FIRST, SPAN_LAST)
regions = st.sampled_from([None, REGION])
# Pauses as (days after start, length or None for open): most of them then fall inside the
# period being counted, where they matter, rather than anywhere in three years.
pause_offsets = st.lists(
    st.tuples(st.integers(-15, 200), st.one_of(st.integers(0, 30), st.none())), max_size=4
)


def pauses_from(start: date, offsets: list[tuple[int, int | None]]) -> Pauses:
    return [
        (start + ONE * at, None if length is None else start + ONE * (at + length))
        for at, length in offsets
    ]


@settings(max_examples=100, deadline=None)
@given(random_calendars(), span_dates, st.integers(0, 400), span_dates, regions)
def test_index_matches_naive_reference(built, start: date, n: int, other: date, region) -> None:
    calendar, raw = built
    off, on = raw[region]
    assert calendar.is_working_day(start, region=region) == naive_working(start, off, on)
    assert outcome(calendar.add_working_days, start, n, region=region) == outcome(
        naive_deadline, start, n, "working", [], off, on
    )
    assert calendar.working_days_between(start, other, region=region) == naive_elapsed(
        start, other, [], off, on
    )


@settings(max_examples=200, deadline=None)
@given(
    random_calendars(),
    span_dates,
    st.integers(0, 120),
    st.sampled_from(["working", "calendar"]),
    pause_offsets,
    regions,
)
def test_deadline_matches_naive_reference(built, start, n, unit, offsets, region) -> None:
    calendar, raw = built
    off, on = raw[region]
    pauses = pauses_from(start, offsets)
    ours = outcome(calendar.deadline, start, n, unit, pauses, region=region)
    assert ours == outcome(naive_deadline, start, n, unit, pauses, off, on)


@settings(max_examples=100, deadline=None)
@given(random_calendars(), span_dates, st.integers(-5, 300), pause_offsets, regions)
def test_elapsed_matches_naive_reference(built, start, days, offsets, region) -> None:
    calendar, raw = built
    off, on = raw[region]
    pauses = pauses_from(start, offsets)
    today = min(start + ONE * days, SPAN_LAST)
    ours = calendar.elapsed_working_days(start, today, pauses, region=region)
    assert ours == naive_elapsed(start, today, pauses, off, on)


# A start day is never counted, so it may lie just before the loaded data (issue 12:
# 2019-12-31 → 2020-12-31 raised although only the excluded day was outside).
edge_starts = st.dates(SPAN_FIRST - ONE * 3, SPAN_FIRST + ONE * 40)


@settings(max_examples=100, deadline=None)
@given(random_calendars(), edge_starts, st.integers(1, 60), span_dates, pause_offsets, regions)
def test_a_start_before_the_data_matches_the_naive_reference(built, start, n, other, offsets, region) -> None:
    calendar, raw = built
    off, on = raw[region]
    pauses = pauses_from(start, offsets)
    assert outcome(calendar.working_days_between, start, other, region=region) == outcome(
        naive_elapsed, start, other, [], off, on)
    assert outcome(calendar.add_working_days, start, n, region=region) == outcome(
        naive_deadline, start, n, "working", [], off, on)
    assert outcome(calendar.deadline, start, n, "working", pauses, region=region) == outcome(
        naive_deadline, start, n, "working", pauses, off, on)


@given(st.dates(date(2019, 12, 31), date(2025, 12, 31)), counts)
def test_round_trip_from_the_day_before_the_first_year(start: date, n: int) -> None:
    assert SHIPPED.working_days_between(start, SHIPPED.add_working_days(start, n)) == n
