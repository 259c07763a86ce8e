"""Percentages of the metrics every plan sets targets on (pure Python)."""

from decimal import ROUND_DOWN, Decimal


def percent(numerator: int, denominator: int) -> Decimal | None:
    """One decimal, cut rather than rounded: 99.95 % must not read as a met 100 % target
    (95 % vs 94.9 % is the boundary people check). None when there is nothing to measure,
    shown as "—" — never a division by zero."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
