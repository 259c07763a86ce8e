from decimal import Decimal
from typing import Literal

from ninja import Router, Schema

from tongban.core.errors import DomainError

from .dashboard import MONTH, department_scope, month_metrics, parse_month

router = Router(tags=["指标"])


class MetricOut(Schema):
    code: str
    name: str
    value: Decimal | None  # percent, one decimal cut; null when there is nothing to measure
    numerator: int
    denominator: int
    target: Decimal
    direction: str
    meets_target: bool | None
    computed: bool


class GroupOut(Schema):
    code: str
    name: str
    counts: dict[str, int]
    metrics: list[MetricOut]


class CaseMetricsOut(Schema):
    month: str
    group_by: str
    total: GroupOut
    groups: list[GroupOut]


def _group(row) -> dict:
    return {"code": row.code, "name": row.name, "counts": row.counts, "metrics": [
        {"code": v.metric.code, "name": v.metric.name, "value": v.value, "numerator": v.numerator,
         "denominator": v.denominator, "target": v.metric.target, "direction": v.metric.direction,
         "meets_target": v.meets, "computed": v.metric.computed} for v in row.values]}


@router.get("/metrics/cases", response=CaseMetricsOut, summary="办件指标（网上申办率、按时办结率等），按月")
def get_case_metrics(request, month: str | None = None,
                     group_by: Literal["department", "region"] = "department"):
    """部门负责人只能看到本部门；数据来自办件日统计（由 update_metrics 增量更新）。"""
    if month is not None and (not MONTH.match(month) or not 1 <= int(month[5:]) <= 12):
        raise DomainError("metrics.month_invalid", "月份格式应为 YYYY-MM。", field="month", status=422)
    first = parse_month(month)
    rows = month_metrics(first, group_by=group_by, department_id=department_scope(request.auth))
    return {"month": f"{first:%Y-%m}", "group_by": group_by, "total": _group(rows[0]),
            "groups": [_group(row) for row in rows[1:]]}
