"""接诉即办统计 rates are cut, not rounded, like every other rate (docs/decisions.md)."""

from decimal import Decimal

from tongban.hotline.queries import StatsRow
from tongban.hotline.stats_chart import bars


def test_rates_are_cut_to_one_decimal_not_rounded():
    row = StatsRow("区市场监管局", "2026-10", replied=2000, on_time=1999, callbacks=3, satisfied=2)
    assert row.on_time_rate == Decimal("99.9")  # rounding would show a met 100.0
    assert row.satisfaction_rate == Decimal("66.6")


def test_nothing_to_measure_is_none():
    row = StatsRow("区市场监管局", "2026-10", volume=1)
    assert (row.on_time_rate, row.satisfaction_rate) == (None, None)


def test_chart_bars_per_department_over_all_months():
    rows = [StatsRow("甲", "2026-09", volume=2, replied=2, on_time=1), StatsRow("甲", "2026-10", volume=2),
            StatsRow("乙", "2026-10", volume=1, replied=3, on_time=2)]
    chart = bars(rows)
    assert [(bar["name"], bar["y"], bar["width"], bar["on_time_width"]) for bar in chart["bars"]] == [
        ("乙", 0, 100.0, 266.4), ("甲", 30, 400.0, 200.0)]
    assert (chart["height"], chart["text_x"], chart["width"]) == (60, 578, 690)
