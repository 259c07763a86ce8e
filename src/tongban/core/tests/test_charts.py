"""Bar-chart geometry shared by the dashboard, catalog, 好差评 and 12345 charts."""

from decimal import Decimal

from tongban.core.charts import BarChart

CHART = BarChart(label_width=170, row_height=28)


def test_a_percentage_is_a_share_of_the_full_bar_and_nothing_to_measure_draws_none():
    assert CHART.percent(Decimal("100")) == 400
    assert CHART.percent(Decimal("95.5")) == 382
    assert CHART.percent(None) == 0


def test_a_count_is_a_share_of_the_biggest_and_no_counts_divide_by_nothing():
    assert CHART.share(3, 3) == 400
    assert CHART.share(1, 3) == 133.3
    assert CHART.share(0, 0) == 0


def test_a_target_line_stands_at_its_percentage_and_no_target_draws_no_line():
    assert CHART.mark(Decimal("95")) == 170 + 380
    assert CHART.mark(None) is None


def test_the_frame_places_each_bar_on_its_row_and_keeps_one_row_when_empty():
    frame = CHART.frame([{"name": "甲"}, {"name": "乙"}])
    assert [(bar["name"], bar["y"]) for bar in frame["bars"]] == [("甲", 0), ("乙", 28)]
    assert (frame["height"], frame["label_width"], frame["text_x"]) == (56, 170, 170 + 400 + 8)
    assert CHART.frame([])["height"] == 28
