"""Read side of the catalog: the public list with filters and keyset pages, and guide lookups."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from tongban.accounts.models import Region

from .models import ServiceItem, ServiceItemVersion
from .models.versions import OPEN_STATUSES
from .permissions import can_review
from .search import matching, ranked

CHANNELS = {
    "online": "published_version__can_apply_online",
    "mobile": "published_version__mobile",
    "kiosk": "published_version__kiosk",
    "window": "published_version__window_acceptance",
}


@dataclass(frozen=True)
class CatalogFilter:
    department: str = ""
    region: str = ""
    level: str = ""
    item_type: str = ""
    theme: str = ""
    channel: str = ""
    fully_online: bool | None = None
    q: str = ""


def published_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(published_version__isnull=False, is_retired=False).select_related(
        "published_version", "published_version__item_type", "department", "region", "basic_item",
    )


def filtered(criteria: CatalogFilter) -> QuerySet[ServiceItem]:
    items = published_items()
    if criteria.department:
        items = items.filter(department__code=criteria.department)
    if criteria.region:
        region = Region.objects.filter(code=criteria.region).first()
        items = items.filter(region__path__startswith=region.path) if region else items.none()
    if criteria.level:
        items = items.filter(basic_item__level=criteria.level)
    if criteria.item_type:
        items = items.filter(published_version__item_type__code=criteria.item_type)
    if criteria.theme:
        items = items.filter(published_version__themes__code=criteria.theme)
    if criteria.channel in CHANNELS:
        items = items.filter(**{CHANNELS[criteria.channel]: True})
    elif criteria.channel == "near_home":
        items = items.exclude(published_version__near_home_level="")
    if criteria.fully_online is not None:
        items = items.filter(published_version__fully_online=criteria.fully_online)
    if criteria.q.strip():
        items = matching(items, criteria.q.strip())
    return items


def keyset_page(items: QuerySet[ServiceItem], *, after: str, limit: int) -> tuple[list[ServiceItem], str | None]:
    """One page in implementation-code order, in one query."""
    ordered = items.order_by("implementation_code")
    if after:
        ordered = ordered.filter(implementation_code__gt=after)
    page = list(ordered[: limit + 1])
    return page[:limit], page[limit - 1].implementation_code if len(page) > limit else None


def catalog_page(criteria: CatalogFilter, *, after: str, limit: int) -> tuple[list[ServiceItem], str | None]:
    """The public catalog list or search, one keyset page; a search is ordered by relevance."""
    query = criteria.q.strip()
    if not query:
        return keyset_page(filtered(criteria), after=after, limit=limit)
    return relevance_page(ranked(filtered(criteria), query), after=after, limit=limit)


def relevance_page(items: QuerySet[ServiceItem], *, after: str, limit: int) -> tuple[list[ServiceItem], str | None]:
    """Keyset page over (relevance descending, code): the cursor is `<relevance>-<code>`.

    The page's codes are chosen by a lean query (the filters' joins, no columns) and only those
    rows are loaded: a common search term matches thousands of items, and loading all of them to
    keep twenty was the slow part."""
    ordered = items.order_by("-relevance", "implementation_code")
    relevance, _, code = after.partition("-")
    if relevance.isdigit() and code:
        ordered = ordered.filter(Q(relevance__lt=int(relevance))
                                 | Q(relevance=int(relevance), implementation_code__gt=code))
    rows = list(ordered.values_list("relevance", "implementation_code")[: limit + 1])
    codes = [code for _, code in rows[:limit]]
    loaded = {item.implementation_code: item for item in published_items().filter(implementation_code__in=codes)}
    cursor = f"{rows[limit - 1][0]}-{rows[limit - 1][1]}" if len(rows) > limit else None
    return [loaded[code] for code in codes], cursor


def published_version_of(code: str, number: int | None = None) -> ServiceItemVersion | None:
    """The live guide, or an older published (now superseded/retired) version by number."""
    versions = ServiceItemVersion.objects.select_related(
        "item", "item__department", "item__region", "item__basic_item", "item_type",
    ).filter(item__implementation_code=code, published_at__isnull=False)
    if number is None:
        return versions.filter(item__published_version=F("id"), item__is_retired=False).first()
    return versions.filter(number=number).first()



DESK_PAGE_SIZE = 50


def desk_items(actor, *, after: str = "", q: str = "", limit: int = DESK_PAGE_SIZE) -> list[ServiceItem]:
    """Items on the drafting desk: a department's own; all of them for joint reviewers."""
    open_revision = ServiceItemVersion.objects.filter(item=OuterRef("pk"), status__in=OPEN_STATUSES)
    items = (
        ServiceItem.objects.select_related("department", "published_version")
        .annotate(open_version_id=Subquery(open_revision.values("id")[:1]),
                  open_version_status=Subquery(open_revision.values("status")[:1]))
        .order_by("implementation_code")
    )
    if not can_review(actor):
        items = items.filter(department_id=actor.department_id)
    if q:
        items = items.filter(versions__name__icontains=q).distinct()
    if after:
        items = items.filter(implementation_code__gt=after)
    return list(items[:limit])
