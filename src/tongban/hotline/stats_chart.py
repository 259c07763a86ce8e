"""Geometry of the public stats bar chart, computed here so the template only draws (no JS)."""

from collections import defaultdict

from tongban.core.charts import BarChart

from .queries import StatsRow

CHART = BarChart(label_width=170, row_height=30)  # px; the biggest volume and a 100 % rate are 400 px


def bars(rows: list[StatsRow]) -> dict:
    """Per department over all months: a volume bar (longest = full width) and the on-time rate."""
    by_department: dict[str, StatsRow] = defaultdict(lambda: StatsRow("", ""))
    for row in rows:
        by_department[row.department].add(row)
    biggest = max((row.volume for row in by_department.values()), default=0)
    chart = CHART.frame([{"name": name, "volume": row.volume, "width": CHART.share(row.volume, biggest),
                          "on_time": row.on_time_rate, "on_time_width": round(CHART.percent(row.on_time_rate), 1)}
                         for name, row in sorted(by_department.items())])
    return {**chart, "width": CHART.text_x + 112}  # room for the figures after the bars
