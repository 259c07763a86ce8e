"""Reporting periods — a day, month, quarter or year — written and read as short keys (pure Python).

Keys: "2026-11-23" (day), "2026-11" (month), "2026-Q4" (quarter), "2026" (year).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from tongban.core.clock import add_months

Grain = Literal["day", "month", "quarter", "year"]
GRAINS: dict[str, str] = {"day": "日", "month": "月", "quarter": "季度", "year": "年"}
TREND_LENGTH: dict[str, int] = {"day": 30, "month": 12, "quarter": 8, "year": 5}
_PATTERNS = (
    ("day", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("year", re.compile(r"^(\d{4})$")),
)
# The years a period may lie in: a wider key (9999) would have a next period in year 10000,
# which no date can hold; 2000 leaves every trend (at most 5 years back) representable too.
FIRST_YEAR, LAST_YEAR = 2000, 2099


class PeriodError(ValueError):
    """The text is not a period key."""


@dataclass(frozen=True, order=True)
class Period:
    grain: Grain
    start: date

    @property
    def months(self) -> int:
        return {"day": 0, "month": 1, "quarter": 3, "year": 12}[self.grain]

    @property
    def end(self) -> date:
        """The last day, inclusive."""
        if self.grain == "day":
            return self.start
        return add_months(self.start, self.months) - timedelta(days=1)

    @property
    def key(self) -> str:
        if self.grain == "day":
            return self.start.isoformat()
        if self.grain == "month":
            return f"{self.start:%Y-%m}"
        if self.grain == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.grain == "day":
            return f"{self.start.year}年{self.start.month}月{self.start.day}日"
        if self.grain == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.grain == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    def shift(self, steps: int) -> "Period":
        if self.grain == "day":
            return Period("day", self.start + timedelta(days=steps))
        return Period(self.grain, add_months(self.start, steps * self.months))

    @property
    def is_last(self) -> bool:
        """No period after this one can be asked for (parse_period refuses it)."""
        return self.end.year == LAST_YEAR and self.end.month == 12 and self.end.day == 31

    def trend(self) -> list["Period"]:
        """The periods of the trend chart, oldest first, ending with this one."""
        count = TREND_LENGTH[self.grain]
        return [self.shift(step) for step in range(1 - count, 1)]


def period_of(grain: Grain, day: date) -> Period:
    if grain == "day":
        return Period("day", day)
    if grain == "month":
        return Period("month", day.replace(day=1))
    if grain == "quarter":
        return Period("quarter", date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period("year", date(day.year, 1, 1))


def parse_period(text: str) -> Period:
    """The period a key names; PeriodError for anything else (including impossible dates)."""
    for grain, pattern in _PATTERNS:
        match = pattern.match(text.strip())
        if not match:
            continue
        year = int(match[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            break
        if grain == "day":
            month, day = int(match[2]), int(match[3])
            if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
                break
            return Period("day", date(year, month, day))
        if grain == "month":
            if not 1 <= int(match[2]) <= 12:
                break
            return Period("month", date(year, int(match[2]), 1))
        if grain == "quarter":
            return Period("quarter", date(year, (int(match[2]) - 1) * 3 + 1, 1))
        return Period("year", date(year, 1, 1))
    raise PeriodError(text)
