"""Percentages of the metrics every plan sets targets on (pure Python)."""

from decimal import ROUND_DOWN, Decimal


def percent(numerator: int, denominator: int) -> Decimal | None:
    """One decimal, cut rather than rounded: 99.95 % must not read as a met 100 % target
    (95 % vs 94.9 % is the boundary people check). None when there is nothing to measure,
    shown as "—" — never a division by zero."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


class Rate:
    """A percentage read off a row of counts, e.g. `good_rate = Rate("good", "ratings")` on a
    dataclass of counts: `row.good_rate` is `percent(row.good, row.ratings)`."""

    def __init__(self, numerator: str, denominator: str) -> None:
        self.numerator, self.denominator = numerator, denominator

    def __get__(self, row, owner=None):
        if row is None:
            return self
        return percent(getattr(row, self.numerator), getattr(row, self.denominator))
