"""What the dashboard page shows beside the numbers: drill-down links, the breadcrumb of the
scope, the filter choices within the viewer's bounds, and the role's title."""

from datetime import datetime
from urllib.parse import urlencode

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region

from .models import MetricsUpdate
from .periods import GRAINS
from .query import GROUP_LABELS, SOURCES, Answer, Row, Scope, channel_labels

TITLES = {Role.LEADER: "区领导指标看板", Role.SUPERVISOR: "政务服务中心指标看板",
          Role.DEPARTMENT_HEAD: "本部门指标看板", Role.ADMIN: "指标看板"}
# Drilling into a row narrows the scope to it and breaks it down one level further.
NEXT_GROUPING = {"region": "department", "department": "item", "item": "channel", "channel": "period"}


def updated_at(metrics) -> datetime | None:
    """When the counts these metrics read were last brought up to date: the oldest last run of
    their sources' consumers (None if one never ran). Snapshot metrics are read live."""
    sources = {m.source for m in metrics if not m.is_snapshot}
    runs = dict(MetricsUpdate.objects.filter(source__in=sources).values_list("source", "ran_at"))
    if not sources or sources - runs.keys():
        return None
    return min(runs.values())


def params_of(answer: Answer, **changes) -> dict[str, str]:
    scope = answer.scope
    params = {"period": answer.period.key, "group_by": answer.group_by,
              "region": scope.region.code if scope.region else "",
              "department": scope.department.code if scope.department else "",
              "item": scope.item.implementation_code if scope.item else "", "channel": scope.channel}
    params.update(changes)
    return {k: v for k, v in params.items() if v}


def query_string(answer: Answer, **changes) -> str:
    return urlencode(params_of(answer, **changes))


def drill_link(answer: Answer, row: Row) -> str | None:
    """The query of the view one level down from this row (None for the trend's rows)."""
    group_by = answer.group_by
    if group_by == "period":
        return query_string(answer, period=row.key, group_by="department")
    if group_by == "region":
        has_children = Region.objects.filter(parent__code=row.key).exists()
        # A town with villages breaks down into them first; the district's own level goes by department.
        next_group = "region" if has_children and row.region != answer.scope.region else "department"
        return query_string(answer, region=row.key, group_by=next_group)
    return query_string(answer, **{group_by: row.key, "group_by": NEXT_GROUPING[group_by]})


def breadcrumbs(answer: Answer, bounds: Scope) -> list[dict]:
    """The narrowing steps taken below the viewer's bounds, each a link back up to it."""
    scope, steps = answer.scope, []
    if scope.region and scope.region != bounds.region:
        steps.append({"label": scope.region.name, "query": query_string(answer, department="", item="", channel="")})
    if scope.department and scope.department != bounds.department:
        steps.append({"label": scope.department.name, "query": query_string(answer, item="", channel="")})
    if scope.item:
        steps.append({"label": scope.item.implementation_code, "query": query_string(answer, channel="")})
    if scope.channel:
        label = channel_labels(tuple(dict.fromkeys(m.source for m in answer.metrics))).get(scope.channel, scope.channel)
        steps.append({"label": label, "query": query_string(answer)})
    top = query_string(answer, region=bounds.region.code if bounds.region else "",
                       department=bounds.department.code if bounds.department else "", item="", channel="")
    return [{"label": "全部", "query": top}, *steps]


def choices(bounds: Scope) -> dict:
    regions = Region.objects.all()
    if bounds.region is not None:
        regions = regions.filter(path__startswith=bounds.region.path)
    departments = Department.objects.order_by("code")
    if bounds.department is not None:
        departments = departments.filter(id=bounds.department.id)
    return {"regions": list(regions.values_list("code", "name")),
            "departments": list(departments.values_list("code", "name")),
            "channels": list(channel_labels(SOURCES).items()), "grains": GRAINS.items(), "groupings": GROUP_LABELS.items()}
