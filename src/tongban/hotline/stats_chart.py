"""Geometry of the public stats bar chart, computed here so the template only draws (no JS)."""

from collections import defaultdict

from .queries import StatsRow

ROW_HEIGHT, LABEL_WIDTH, CHART_WIDTH = 30, 170, 400  # px


def bars(rows: list[StatsRow]) -> dict:
    """Per department over all months: a volume bar (longest = full width) and the on-time rate."""
    by_department: dict[str, StatsRow] = defaultdict(lambda: StatsRow("", ""))
    for row in rows:
        by_department[row.department].add(row)
    biggest = max((row.volume for row in by_department.values()), default=0) or 1
    drawn = [
        {"name": name, "y": index * ROW_HEIGHT, "volume": row.volume,
         "width": round(row.volume * CHART_WIDTH / biggest, 1),
         "on_time": row.on_time_rate, "on_time_width": round((row.on_time_rate or 0) * CHART_WIDTH / 100, 1)}
        for index, (name, row) in enumerate(sorted(by_department.items()))
    ]
    return {"bars": drawn, "height": max(len(drawn), 1) * ROW_HEIGHT, "label_width": LABEL_WIDTH,
            "text_x": LABEL_WIDTH + CHART_WIDTH + 8, "width": LABEL_WIDTH + CHART_WIDTH + 120}
