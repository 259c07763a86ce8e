"""Catalog rates per department or region, computed from the published catalog.

Definitions (docs/catalog-rates.md), over published, not retired 实施清单 items in scope:
- 可网办率 = items marked 可网办 / all items
- 全程网办率 = items marked 全程网办 / all items
- 一窗受理覆盖率 = items taken in at the 综合窗口 (纳入综合窗口受理) / all items
Percentages come from tongban.core.rates.percent: one decimal, cut, "—" for an empty scope.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from tongban.core.rates import percent

from .queries import published_items

GROUPINGS = {"department": ("department__code", "department__name"),
             "region": ("region__code", "region__name")}


@dataclass(frozen=True)
class CatalogRates:
    code: str
    name: str
    items: int
    online: int
    fully_online: int
    general_window: int

    @property
    def online_rate(self) -> Decimal | None:
        return percent(self.online, self.items)

    @property
    def fully_online_rate(self) -> Decimal | None:
        return percent(self.fully_online, self.items)

    @property
    def general_window_rate(self) -> Decimal | None:
        return percent(self.general_window, self.items)


def catalog_rates(group_by: str) -> list[CatalogRates]:
    """One row per department or region (one GROUP BY query), plus a total row first."""
    code_field, name_field = GROUPINGS[group_by]
    counts = dict(
        items=Count("id"),
        online=Count("id", filter=Q(published_version__can_apply_online=True)),
        fully_online=Count("id", filter=Q(published_version__fully_online=True)),
        general_window=Count("id", filter=Q(published_version__window_acceptance=True)),
    )
    items = published_items().order_by()
    rows = [CatalogRates(code=row[code_field], name=row[name_field], **{k: row[k] for k in counts})
            for row in items.values(code_field, name_field).annotate(**counts).order_by(code_field)]
    total = items.aggregate(**counts)
    return [CatalogRates(code="", name="合计", **total), *rows]
