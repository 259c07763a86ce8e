"""Whose metrics a viewer may read, and the question a request asks within that.

A department head reads their own department; a hall supervisor and a district leader read the
subtree of their region; an administrator reads everything. A request may narrow that scope
(drill down) but never widen it.
"""

from dataclasses import dataclass

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region
from tongban.catalog.models import ServiceItem
from tongban.core.errors import DomainError

from .periods import Period, PeriodError, parse_period, period_of
from .query import GROUP_LABELS, SOURCES, Scope, channel_labels
from .registry import METRICS, Metric

DEFAULT_GROUPING = {Role.DEPARTMENT_HEAD: "item", Role.SUPERVISOR: "region"}
GROUPINGS = ("total", *GROUP_LABELS)


@dataclass(frozen=True)
class Question:
    metrics: tuple[Metric, ...]
    period: Period
    scope: Scope
    group_by: str


def _invalid(code: str, message: str, field: str) -> DomainError:
    return DomainError(f"metrics.{code}", message, field=field, status=422)


OUT_OF_SCOPE = DomainError("metrics.out_of_scope", "无权查看该范围的指标。", status=403)


def bounds(user) -> Scope:
    """The widest scope the viewer may read."""
    if user.role == Role.DEPARTMENT_HEAD:
        if user.department is None:
            raise OUT_OF_SCOPE
        return Scope(department=user.department)
    if user.role in (Role.SUPERVISOR, Role.LEADER):
        if user.region is None:
            raise OUT_OF_SCOPE
        return Scope(region=user.region)
    return Scope()


def _region(code: str, allowed: Scope) -> Region | None:
    if not code:
        return allowed.region
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise _invalid("region_unknown", f"区划代码“{code}”不存在。", "region")
    if allowed.region is not None and not allowed.region.contains(region):
        raise OUT_OF_SCOPE
    return region


def _department(code: str, allowed: Scope) -> Department | None:
    if not code:
        return allowed.department
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise _invalid("department_unknown", f"部门代码“{code}”不存在。", "department")
    if allowed.department is not None and department != allowed.department:
        raise OUT_OF_SCOPE
    return department


def _item(code: str, department: Department | None) -> ServiceItem | None:
    if not code:
        return None
    item = ServiceItem.objects.filter(implementation_code=code).first()
    if item is None:
        raise _invalid("item_unknown", f"事项编码“{code}”不存在。", "item")
    if department is not None and item.department_id != department.id:
        raise OUT_OF_SCOPE
    return item


def question_of(user, params, *, today) -> Question:
    """Parse period, filters, grouping and metric codes from query parameters, within bounds."""
    allowed = bounds(user)
    text = (params.get("period") or "").strip()
    try:
        period = parse_period(text) if text else period_of("month", today)
    except PeriodError:
        raise _invalid("period_invalid", "期间格式应为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD。", "period") from None
    channel = params.get("channel") or ""
    if channel and channel not in channel_labels(SOURCES):
        raise _invalid("channel_unknown", f"渠道“{channel}”不存在。", "channel")
    department = _department(params.get("department") or "", allowed)
    scope = Scope(region=_region(params.get("region") or "", allowed), department=department,
                  item=_item(params.get("item") or "", department), channel=channel)
    group_by = params.get("group_by") or DEFAULT_GROUPING.get(user.role, "department")
    if group_by not in GROUPINGS:
        raise _invalid("group_by_invalid", "分组方式应为 total、region、department、item、channel 或 period。",
                       "group_by")
    codes = [code for code in (params.get("metrics") or "").split(",") if code]
    unknown = [code for code in codes if code not in {m.code for m in METRICS}]
    if unknown:
        raise _invalid("metric_unknown", f"指标“{'、'.join(unknown)}”不存在。", "metrics")
    metrics = tuple(m for m in METRICS if not codes or m.code in codes)
    return Question(metrics, period, scope, group_by)
