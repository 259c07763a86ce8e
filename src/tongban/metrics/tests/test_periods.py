"""Period keys, ranges and trends (pure Python)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban.metrics.periods import Period, PeriodError, parse_period, period_of


@pytest.mark.parametrize(("text", "start", "end", "label"), [
    ("2026-11-23", date(2026, 11, 23), date(2026, 11, 23), "2026年11月23日"),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "2026年2月"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度"),
    ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
])
def test_each_key_names_its_first_and_last_day(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label, period.key) == (start, end, label, text)


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "2026-02-30", "2026-Q5", "26-11", "1999", "2100", "9999", "9999-12-31", "2026/11",
                                  "2026-11-23T00:00", "二〇二六"])
def test_anything_else_is_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_trends_end_with_the_period_and_cross_year_boundaries():
    trend = parse_period("2026-02").trend()
    assert len(trend) == 12 and trend[0].key == "2025-03" and trend[-1].key == "2026-02"
    assert [p.key for p in parse_period("2026-Q1").trend()[-3:]] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    assert parse_period("2026-03-01").shift(-1).key == "2026-02-28"
    assert len(parse_period("2026").trend()) == 5


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(["day", "month", "quarter", "year"]))
def test_the_period_of_a_day_contains_it_and_its_key_reads_back(day, grain):
    period = period_of(grain, day)
    assert period.start <= day <= period.end
    assert parse_period(period.key) == period
    assert period.shift(1).start > period.end and period.shift(-1).shift(1) == period


def test_periods_compare_by_start():
    assert Period("month", date(2026, 1, 1)) < Period("month", date(2026, 2, 1))
