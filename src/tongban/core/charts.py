"""Geometry of the horizontal bar charts drawn as SVG (pure Python): views compute, templates only draw.

A chart is one row per label: the label column on the left, then the bars, then the figures
written after the longest possible bar. A bar's length is a percentage of the full length (a
rate: 100 % is a full bar) or a share of the largest count (a volume). Nothing to measure
(None) draws no bar — never a division by zero.
"""

from dataclasses import dataclass
from decimal import Decimal

TEXT_GAP = 8  # px between the end of a full bar and the figures written after it


@dataclass(frozen=True)
class BarChart:
    label_width: int  # px
    row_height: int  # px
    length: int = 400  # px of a full bar

    def percent(self, value: Decimal | float | None) -> float:
        """The length of a bar for a percentage."""
        return float(value or 0) * (self.length / 100)

    def share(self, value: int, biggest: int) -> float:
        """The length of a bar for a count, the biggest count being a full bar."""
        return round(value * self.length / (biggest or 1), 1)

    def mark(self, value: Decimal | float | None) -> float | None:
        """Where a vertical line at a percentage (a target) stands; None: no line."""
        return None if value is None else self.label_width + self.percent(value)

    @property
    def text_x(self) -> float:
        return self.label_width + self.length + TEXT_GAP

    def frame(self, bars: list[dict]) -> dict:
        """The chart the templates draw: the bars, each placed on its row (`y`), and the frame."""
        return {"bars": [{**bar, "y": index * self.row_height} for index, bar in enumerate(bars)],
                "height": max(len(bars), 1) * self.row_height, "label_width": self.label_width,
                "text_x": self.text_x}
