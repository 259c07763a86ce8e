"""The metrics of one month, per department or region, read only from DailyCaseCount."""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from tongban.accounts.constants import Role

from .models import COUNTERS, DailyCaseCount
from .registry import METRICS, Metric

GROUPINGS = {"department": ("department__code", "department__name"),
             "region": ("region__code", "region__name")}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str | None) -> date:
    """The first day of "YYYY-MM"; this month when absent or malformed."""
    match = MONTH.match(text or "")
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 2000:
        return date(int(match[1]), int(match[2]), 1)
    return timezone.localdate().replace(day=1)


def month_range(first: date) -> tuple[date, date]:
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def department_scope(user) -> int | None | bool:
    """The department a viewer is limited to; False when the viewer sees every department."""
    if user.role == Role.DEPARTMENT_HEAD:
        return user.department_id  # None (no department) sees nothing
    return False


@dataclass(frozen=True)
class MetricValue:
    metric: Metric
    numerator: int
    denominator: int
    value: Decimal | None
    meets: bool | None  # None: nothing to measure, or the metric is not computed yet


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    counts: dict[str, int]
    values: list[MetricValue] = field(default_factory=list)


def _row(code: str, name: str, counts: dict) -> Row:
    counts = {name_: counts.get(name_) or 0 for name_ in COUNTERS}
    values = []
    for metric in METRICS:
        value = metric.value(counts)
        values.append(MetricValue(metric, counts.get(metric.numerator_field, 0), counts.get(metric.denominator_field, 0),
                                  value, metric.meets(value)))
    return Row(code, name, counts, values)


def month_metrics(first: date, *, group_by: str = "department", department_id: int | None | bool = False) -> list[Row]:
    """A total row first, then one row per department (or region) with cases in the month."""
    start, end = month_range(first)
    code_field, name_field = GROUPINGS[group_by]
    rows = DailyCaseCount.objects.filter(day__range=(start, end)).order_by()
    if department_id is not False:
        rows = rows.filter(department_id=department_id)
    sums = {name: Sum(name) for name in COUNTERS}
    groups = [_row(row[code_field], row[name_field], row)
              for row in rows.values(code_field, name_field).annotate(**sums).order_by(code_field)]
    return [_row("", "合计", rows.aggregate(**sums)), *groups]
