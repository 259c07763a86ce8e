"""Chart geometry (pure Python)."""

from decimal import Decimal

from tongban.metrics import charts


def test_bars_scale_to_percent_and_mark_the_behind():
    drawn = charts.bars([("甲", Decimal("50.0"), False), ("乙", None, None)], Decimal("95"))
    assert drawn["bars"][0]["width"] == 200 and drawn["bars"][0]["behind"]
    assert drawn["bars"][1]["width"] == 0 and not drawn["bars"][1]["behind"]
    assert drawn["target_x"] == charts.BARS.label_width + 380


def test_a_period_without_data_breaks_the_line_instead_of_dropping_to_zero():
    line = charts.trend([("1月", Decimal("96"), True), ("2月", None, None), ("3月", Decimal("90"), False),
                         ("4月", Decimal("97"), True)], Decimal("95"))
    assert len(line["lines"]) == 2 and len(line["dots"]) == 3
    assert line["dots"][1]["behind"] and line["target_y"] is not None


def test_an_empty_trend_draws_nothing():
    line = charts.trend([("1月", None, None)], None)
    assert line["lines"] == [] and line["target_y"] is None
