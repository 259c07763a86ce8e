"""The catalog metrics' counts, from the published catalog as it stands (a snapshot: no period).

One row per published item (a district has thousands, not millions), summed here so that
"all required materials are 免提交" can be decided per item first.
"""

from collections import defaultdict

from django.db.models import Count, Q

from tongban.accounts.models import Region
from tongban.catalog.queries import published_items

COUNTERS = ("items", "online", "fully_online", "general_window", "with_materials", "proof_free")
_REQUIRED = Q(published_version__materials__is_required=True)
_PROOF_FREE = _REQUIRED & (Q(published_version__materials__license_type__isnull=False)
                           | ~Q(published_version__materials__shared_data_source="")
                           | Q(published_version__materials__commitment_allowed=True))


def item_counts(scope, field: str | None) -> dict[object, dict[str, int]]:
    """Counters keyed by the item's value of `field` (region_id, department_id, item_id) or ""."""
    items = published_items().order_by()
    if scope.region is not None:
        items = items.filter(region__in=Region.objects.filter(path__startswith=scope.region.path))
    if scope.department is not None:
        items = items.filter(department=scope.department)
    if scope.item is not None:
        items = items.filter(id=scope.item.id)
    rows = items.values("id", "region_id", "department_id", "published_version__can_apply_online",
                        "published_version__fully_online", "published_version__window_acceptance").annotate(
        required=Count("published_version__materials", filter=_REQUIRED),
        free=Count("published_version__materials", filter=_PROOF_FREE))
    counts: dict[object, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for row in rows:
        values = counts[row["id" if field == "item_id" else field] if field else ""]
        values["items"] += 1
        values["online"] += row["published_version__can_apply_online"]
        values["fully_online"] += row["published_version__fully_online"]
        values["general_window"] += row["published_version__window_acceptance"]
        if row["required"]:
            values["with_materials"] += 1
            values["proof_free"] += row["required"] == row["free"]
    return dict(counts)
