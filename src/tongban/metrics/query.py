"""Answering one metrics question: which metrics, for which period, within which scope, grouped by
what (docs/metrics.md). Each source is read with one GROUP BY over its aggregate table — the
monthly table unless single days are asked for — so the cost does not grow with the case count.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import Sum

from tongban.accounts.models import Department, Region
from tongban.catalog.models import ServiceItem
from tongban.cases.constants import Channel
from tongban.hotline.models import HotlineChannel
from tongban.ratings.constants import RatingChannel

from . import catalog_counts
from .aggregation import TABLES
from .periods import Period, period_of
from .registry import DIMENSIONS, PERIODIC_SOURCES, Metric, target_label
from .targets import TargetBook

GroupBy = Literal["total", "region", "department", "item", "channel", "period"]
GROUP_LABELS = {"region": "区划", "department": "部门", "item": "事项", "channel": "渠道", "period": "期间"}
TOTAL = "合计"
SOURCES = ("cases", "ratings", "tickets")  # the sources with channels
_TOTAL = object()  # the total row's key: no group value (not even None) can be it
Counts = dict[str, int]


@dataclass(frozen=True)
class Scope:
    """Where to look: a region subtree, and optionally one department, item and channel."""

    region: Region | None = None
    department: Department | None = None
    item: ServiceItem | None = None
    channel: str = ""


@dataclass(frozen=True)
class Cell:
    metric: Metric
    numerator: int
    denominator: int
    value: Decimal | None
    target: Decimal | None
    meets: bool | None
    applicable: bool = True  # False: the metric cannot be broken down this way (e.g. catalog by channel)

    @property
    def target_label(self) -> str:
        return target_label(self.metric, self.target)


@dataclass(frozen=True)
class Row:
    key: str  # region/department code, item code, channel, period key; "" for the total
    label: str
    cells: list[Cell]
    region: Region | None = None  # the row's region, whose targets apply


@dataclass(frozen=True)
class Answer:
    period: Period
    scope: Scope
    group_by: str
    metrics: tuple[Metric, ...]
    total: Row
    rows: list[Row]

    @property
    def group_label(self) -> str:
        return GROUP_LABELS.get(self.group_by, "范围")


def channel_labels(sources: tuple[str, ...]) -> dict[str, str]:
    """The Chinese name of each channel code, as the given sources name it: the first source
    that knows a code names it ("online" is 网上申办 for cases, 网上留言 for 12345 tickets)."""
    by_source = {"cases": dict(Channel.choices), "ratings": dict(RatingChannel.choices),
                 "tickets": dict(HotlineChannel.objects.values_list("code", "name"))}
    labels: dict[str, str] = {}
    for source in (*sources, "cases", "ratings", "tickets"):
        for code, name in by_source.get(source, {}).items():
            labels.setdefault(code, name)
    return labels


def _region_ids(region: Region | None) -> list[int] | None:
    if region is None:
        return None
    return list(Region.objects.filter(path__startswith=region.path).values_list("id", flat=True))


def _selected_item_ids(theme: str, name_contains: str) -> list[int]:
    """The items of a theme metric: those of the theme (and named so, if the metric says)."""
    items = ServiceItem.objects.filter(published_version__themes__code=theme)
    if name_contains:
        items = items.filter(published_version__name__contains=name_contains)
    return list(items.values_list("id", flat=True))


def _group_field(group_by: str) -> str | None:
    return {"region": "region_id", "department": "department_id", "item": "item_id", "channel": "channel",
            "period": "day", "total": None}[group_by]


def table_counts(source: str, start: date, end: date, scope: Scope, group_by: str, *, grain: str,
                 theme: str = "", name_contains: str = "") -> dict[object, Counts]:
    """Summed counters of one aggregate table, keyed by the group field's value ("" for total)."""
    tables = TABLES[source]
    model = tables.daily if grain == "day" else tables.monthly
    rows = model.objects.filter(day__range=(start, end)).order_by()
    region_ids = _region_ids(scope.region)
    if region_ids is not None:
        rows = rows.filter(region_id__in=region_ids)
    if scope.department is not None:
        rows = rows.filter(department_id=scope.department.id)
    if scope.item is not None and "item" in tables.dimensions:
        rows = rows.filter(item_id=scope.item.id)
    if scope.channel:
        rows = rows.filter(channel=scope.channel)
    if theme:
        rows = rows.filter(item_id__in=_selected_item_ids(theme, name_contains))
    sums = {name: Sum(name) for name in tables.counters}
    field = _group_field(group_by)
    if field is None:
        return {"": {k: v or 0 for k, v in rows.aggregate(**sums).items()}}
    return {row.pop(field): {k: v or 0 for k, v in row.items()} for row in rows.values(field).annotate(**sums)}


def _add(into: Counts, counts: Counts) -> None:
    for name, value in counts.items():
        into[name] = into.get(name, 0) + value


class Labeller:
    """Turns group keys (ids, channel values, dates) into the rows' keys and labels."""

    def __init__(self, group_by: str, scope: Scope, period: Period, sources: tuple[str, ...] = ("cases",)):
        self.group_by, self.scope, self.period, self.sources = group_by, scope, period, sources
        if group_by == "region":
            self.regions = {r.id: r for r in Region.objects.all()}
            roots = [r for r in self.regions.values() if r.parent_id is None]
            # Without a region scope the rows are the district's towns and streets, not one root row.
            base = scope.region or (roots[0] if len(roots) == 1 else None)
            self.base_id = base.id if base else None

    def row_key(self, raw) -> object:
        """Rows merge several raw keys: regions into the scope's children, months into quarters."""
        if self.group_by == "region":
            return self._display_region(raw).id
        if self.group_by == "period":
            return period_of(self.period.grain, raw).key
        return raw

    def _display_region(self, region_id: int) -> Region:
        """The row a region's counts go to: the child of the base region it lies in (or the base)."""
        region = self.regions[region_id]
        while region.parent_id is not None and region.id != self.base_id and region.parent_id != self.base_id:
            region = self.regions[region.parent_id]
        return region

    def describe(self, keys) -> dict[object, tuple[str, str, Region | None]]:
        """key → (code, label, region of the row)."""
        if self.group_by == "region":
            return {k: (self.regions[k].code, f"{self.regions[k].name}{'本级' if k == self.base_id else ''}",
                        self.regions[k]) for k in keys}
        if self.group_by == "department":
            return {d.id: (d.code, d.name, None) for d in Department.objects.filter(id__in=keys)}
        if self.group_by == "item":
            items = ServiceItem.objects.filter(id__in=keys).values_list("id", "implementation_code",
                                                                        "published_version__name")
            return {pk: (code, name or code, None) for pk, code, name in items}
        if self.group_by == "channel":
            labels = channel_labels(self.sources)
            return {k: (k, labels.get(k, k), None) for k in keys}
        if self.group_by == "period":
            return {p.key: (p.key, p.label, None) for p in self.period.trend()}
        return {"": ("", TOTAL, None)}


def _range(period: Period, group_by: str) -> tuple[date, date]:
    if group_by == "period":
        trend = period.trend()
        return trend[0].start, trend[-1].end
    return period.start, period.end


def answer(metrics: tuple[Metric, ...], period: Period, scope: Scope, group_by: str) -> Answer:
    labeller = Labeller(group_by, scope, period, tuple(dict.fromkeys(m.source for m in metrics)))
    start, end = _range(period, group_by)
    counts: dict[tuple[str, str], dict[object, Counts]] = {}
    for source, theme, name_contains in {(m.source, m.theme, m.name_contains) for m in metrics}:
        if group_by not in ("total", *DIMENSIONS[source], *(("period",) if source in PERIODIC_SOURCES else ())):
            continue  # e.g. the catalog by channel, windows by department: not applicable
        if source == "catalog":
            raw = catalog_counts.item_counts(scope, _group_field(group_by))
        elif source == "windows":
            if scope.department is not None or scope.item is not None or scope.channel:
                continue  # a 综合窗口 belongs to no department, item or channel
            raw = catalog_counts.window_counts(scope, _group_field(group_by))
        else:
            raw = table_counts(source, start, end, scope, group_by, grain=period.grain, theme=theme,
                               name_contains=name_contains)
        merged: dict[object, Counts] = defaultdict(dict)
        for key, values in raw.items():
            _add(merged[labeller.row_key(key) if group_by != "total" else ""], values)
        counts[(source, theme, name_contains)] = merged
    if group_by == "period":
        keys = [p.key for p in period.trend()]
        described = labeller.describe(keys)
    else:
        raw_keys = {k for merged in counts.values() for k in merged}
        described = labeller.describe(raw_keys)
        # e.g. a 12345 ticket the centre answered itself has no department: its own row, not dropped
        described.update({k: ("—", "未归属", None) for k in raw_keys - described.keys()})
        keys = sorted(described, key=lambda k: described[k][0])  # rows in code order
    book = TargetBook(on=period.end)  # targets in force on the last day (of each row's own period in a trend)
    period_ends = {p.key: p.end for p in period.trend()} if group_by == "period" else {}

    def row(key, code, label, region) -> Row:
        cells = []
        for metric in metrics:
            merged = counts.get((metric.source, metric.theme, metric.name_contains))
            target = book.target(metric, region or scope.region, on=period_ends.get(key))
            if merged is None:
                cells.append(Cell(metric, 0, 0, None, target, None, applicable=False))
                continue
            # None is a key of its own (a ticket without a department), so the total has its own marker
            values = _summed(merged) if key is _TOTAL else merged.get(key, {})
            value = metric.value(values)
            cells.append(Cell(metric, values.get(metric.numerator_field, 0), values.get(metric.denominator_field, 0),
                              value, target, metric.meets(value, target)))
        return Row(code, label, cells, region)

    rows = [row(key, *described[key]) for key in keys] if group_by != "total" else []
    total_label = f"{period.trend()[0].label}—{period.label}" if group_by == "period" else TOTAL
    total = row(_TOTAL, "", total_label, None)
    return Answer(period, scope, group_by, metrics, total, rows)


def _summed(merged: dict[object, Counts]) -> Counts:
    total: Counts = {}
    for values in merged.values():
        _add(total, values)
    return total
