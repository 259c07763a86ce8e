"""Chart geometry for the dashboard's SVGs, so templates only draw (pure Python, no JavaScript)."""

from decimal import Decimal

from tongban.core.charts import BarChart

BARS = BarChart(label_width=180, row_height=24)  # px; a 100 % bar is 400 px long
TREND_WIDTH, TREND_HEIGHT, TREND_LEFT, TREND_TOP = 640, 220, 40, 10


def bars(rows: list[tuple[str, Decimal | None, bool | None]], target: Decimal | None) -> dict:
    """Horizontal bars, one per (label, value, meets) row, with the target as a dashed line."""
    chart = BARS.frame([{"label": label, "value": value, "behind": meets is False, "width": BARS.percent(value)}
                        for label, value, meets in rows])
    return {**chart, "target_x": BARS.mark(target)}


def _y(value: float, low: float, high: float) -> float:
    return TREND_TOP + (high - value) / (high - low) * (TREND_HEIGHT - 2 * TREND_TOP)


def trend(points: list[tuple[str, Decimal | None, bool | None]], target: Decimal | None) -> dict:
    """A line over the periods; a period with nothing to measure leaves a gap, not a zero."""
    known = [float(value) for _, value, _ in points if value is not None]
    low = min([*known, float(target) if target is not None else 100.0, 100.0]) if known else 0.0
    low = max(0.0, min(low, 90.0) - 5)  # show a useful band, never below zero
    high = 100.0
    step = (TREND_WIDTH - TREND_LEFT - 20) / max(len(points) - 1, 1)
    segments, current, dots = [], [], []
    for index, (label, value, meets) in enumerate(points):
        x = TREND_LEFT + index * step
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        y = _y(float(value), low, high)
        current.append(f"{x:.1f},{y:.1f}")
        dots.append({"x": round(x, 1), "y": round(y, 1), "label": label, "value": value, "behind": meets is False})
    if current:
        segments.append(current)
    return {"width": TREND_WIDTH, "height": TREND_HEIGHT, "left": TREND_LEFT,
            "lines": [" ".join(segment) for segment in segments], "dots": dots,
            "low": round(low), "high": round(high), "low_y": round(_y(low, low, high), 1),
            "high_y": round(_y(high, low, high), 1),
            "target_y": None if target is None else round(_y(float(target), low, high), 1),
            "first": points[0][0] if points else "", "last": points[-1][0] if points else ""}
