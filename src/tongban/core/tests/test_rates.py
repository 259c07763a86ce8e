"""Rates: one decimal, cut, None when there is nothing to measure (docs/decisions.md)."""

from dataclasses import dataclass
from decimal import Decimal

from tongban.core.rates import Rate, percent


@dataclass(frozen=True)
class Row:
    good: int
    ratings: int
    good_rate = Rate("good", "ratings")


def test_percent_is_cut_not_rounded():
    assert percent(1999, 2000) == Decimal("99.9")
    assert percent(2000, 2000) == Decimal("100.0")
    assert percent(0, 0) is None


def test_a_rate_reads_its_counts_off_the_row():
    assert Row(good=2, ratings=3).good_rate == Decimal("66.6")
    assert Row(good=0, ratings=0).good_rate is None
    assert isinstance(Row.good_rate, Rate)
