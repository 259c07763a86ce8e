"""The snapshot metrics' counts: the published catalog and the halls' windows as they stand (no period).

One row per published item (a district has thousands, not millions), summed here so that
"all required materials are 免提交" can be decided per item first. The catalog metrics count
依申请 items only (ItemType.on_application): an item the authority starts itself (行政处罚,
行政检查 …) is applied for by nobody, online or at a window.
"""

from collections import defaultdict

from django.db.models import Count, Q

from tongban.accounts.constants import WindowKind
from tongban.accounts.models import Region, Window
from tongban.catalog.queries import published_items

COUNTERS = ("items", "applied", "online", "fully_online", "general_window", "with_materials", "proof_free")
WINDOW_COUNTERS = ("general", "intake")
_REQUIRED = Q(published_version__materials__is_required=True)
# 免提交 as intake really offers it to an applicant (cases.services.intake, cases.forms): shared
# data and a 告知承诺 replace the file. A licence replaces it only for a licence the applicant is
# on file as holding (cases.reuse.licence_types_held) — none until the licence library exists,
# so a material a licence could replace is still uploaded and does not count here.
_PROOF_FREE = _REQUIRED & (~Q(published_version__materials__shared_data_source="")
                           | Q(published_version__materials__commitment_allowed=True))
# The windows that take in applications: the 办不成事反映窗口 takes complaints, the self-service
# area has no clerk. A 通办专窗 only takes 通办 items: a 专窗, not a 综合窗口.
INTAKE_WINDOWS = (WindowKind.GENERAL, WindowKind.DEPARTMENT, WindowKind.CROSS_REGION)


def _subtree(region: Region):
    return Region.objects.filter(path__startswith=region.path)


def item_counts(scope, field: str | None) -> dict[object, dict[str, int]]:
    """Counters keyed by the item's value of `field` (region_id, department_id, item_id) or ""."""
    items = published_items().order_by()
    if scope.region is not None:
        items = items.filter(region__in=_subtree(scope.region))
    if scope.department is not None:
        items = items.filter(department=scope.department)
    if scope.item is not None:
        items = items.filter(id=scope.item.id)
    rows = items.values("id", "region_id", "department_id", "published_version__item_type__on_application",
                        "published_version__can_apply_online", "published_version__fully_online",
                        "published_version__window_acceptance").annotate(
        required=Count("published_version__materials", filter=_REQUIRED),
        free=Count("published_version__materials", filter=_PROOF_FREE))
    counts: dict[object, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for row in rows:
        values = counts[row["id" if field == "item_id" else field] if field else ""]
        values["items"] += 1
        if not row["published_version__item_type__on_application"]:
            continue
        values["applied"] += 1
        values["online"] += row["published_version__can_apply_online"]
        values["fully_online"] += row["published_version__fully_online"]
        values["general_window"] += row["published_version__window_acceptance"]
        if row["required"]:
            values["with_materials"] += 1
            values["proof_free"] += row["required"] == row["free"]
    return dict(counts)


def window_counts(scope, field: str | None) -> dict[object, dict[str, int]]:
    """Open intake windows and the 综合窗口 among them, keyed by the hall's region_id or ""."""
    windows = Window.objects.filter(is_open=True, kind__in=INTAKE_WINDOWS).order_by()
    if scope.region is not None:
        windows = windows.filter(hall__region__in=_subtree(scope.region))
    sums = {"intake": Count("id"), "general": Count("id", filter=Q(kind=WindowKind.GENERAL))}
    if field != "region_id":
        return {"": windows.aggregate(**sums)}
    return {row.pop("hall__region_id"): row for row in windows.values("hall__region_id").annotate(**sums)}
