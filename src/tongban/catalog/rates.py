"""Catalog rates per department or region: the metrics app's catalog metrics, one row per group.

The definitions and counts are tongban.metrics' (registry.py, catalog_counts.py; docs/metrics.md),
over published, not retired 依申请 items: 可网办率, 全程网办率 and 一窗受理通办比例 (items taken in at
every 综合窗口). This module only groups them for the catalog's rates page and API.
"""

from dataclasses import dataclass
from decimal import Decimal

from tongban.accounts.models import Department, Region
from tongban.metrics.catalog_counts import COUNTERS, item_counts
from tongban.metrics.query import Scope
from tongban.metrics.registry import BY_CODE

GROUPINGS = {"department": ("department_id", Department), "region": ("region_id", Region)}
# this page's names for the metrics it shows
METRICS = {"online": BY_CODE["online_capable_rate"], "fully_online": BY_CODE["fully_online_rate"],
           "general_window": BY_CODE["one_window_rate"]}


@dataclass(frozen=True)
class CatalogRates:
    code: str
    name: str
    items: int  # all published items
    applied: int  # the 依申请 ones: every rate's denominator
    online: int
    fully_online: int
    general_window: int

    def _rate(self, name: str) -> Decimal | None:
        return METRICS[name].value(self.__dict__)

    @property
    def online_rate(self) -> Decimal | None:
        return self._rate("online")

    @property
    def fully_online_rate(self) -> Decimal | None:
        return self._rate("fully_online")

    @property
    def general_window_rate(self) -> Decimal | None:
        return self._rate("general_window")


def _row(code: str, name: str, counts: dict[str, int]) -> CatalogRates:
    return CatalogRates(code=code, name=name, **{field: counts.get(field, 0) for field in (
        "items", "applied", "online", "fully_online", "general_window")})


def catalog_rates(group_by: str) -> list[CatalogRates]:
    """One row per department or region in code order, plus a total row first."""
    field, model = GROUPINGS[group_by]
    grouped = item_counts(Scope(), field)
    names = {row.id: (row.code, row.name) for row in model.objects.filter(id__in=grouped)}
    rows = sorted((_row(*names[key], counts) for key, counts in grouped.items()), key=lambda row: row.code)
    total = item_counts(Scope(), None).get("", dict.fromkeys(COUNTERS, 0))
    return [_row("", "合计", total), *rows]
