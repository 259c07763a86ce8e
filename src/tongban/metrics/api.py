from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema

from .dashboard import updated_at
from .query import answer
from .registry import METRICS
from .scopes import question_of

router = Router(tags=["指标"])


class DefinitionOut(Schema):
    code: str
    name: str
    source: str
    numerator: str
    denominator: str
    scope: str
    period: str
    target: Decimal | None  # the default; a region's own target is in each answer's cells
    direction: str
    basis: str
    assumption: str
    dimensions: list[str]


class CellOut(Schema):
    metric: str
    value: Decimal | None  # percent, one decimal cut; null when there is nothing to measure
    numerator: int
    denominator: int
    target: Decimal | None
    meets_target: bool | None
    applicable: bool


class RowOut(Schema):
    key: str
    label: str
    cells: list[CellOut]


class MetricsOut(Schema):
    period: str
    period_label: str
    group_by: str
    region: str | None
    department: str | None
    item: str | None
    channel: str | None
    total: RowOut
    rows: list[RowOut]
    updated_at: datetime | None  # when the counts were last brought up to date; null: never yet


def _row(row) -> dict:
    return {"key": row.key, "label": row.label, "cells": [
        {"metric": c.metric.code, "value": c.value, "numerator": c.numerator, "denominator": c.denominator,
         "target": c.target, "meets_target": c.meets, "applicable": c.applicable} for c in row.cells]}


@router.get("/metrics/definitions", response=list[DefinitionOut], auth=None, summary="指标口径：分子、分母、范围、期间与默认目标")
def list_metric_definitions(request):
    return [{**{name: getattr(m, name) for name in DefinitionOut.model_fields if name != "dimensions"},
             "dimensions": list(m.dimensions)} for m in METRICS]


@router.get("/metrics", response=MetricsOut, summary="指标值：按期间、区划、部门、事项、渠道筛选与分组")
def get_metrics(request, period: str | None = None, region: str | None = None, department: str | None = None,
                item: str | None = None, channel: str | None = None, group_by: str | None = None,
                metrics: str | None = None):
    """期间写作 2026、2026-Q4、2026-11 或 2026-11-23；group_by 为 total、region、department、item、
    channel 或 period（趋势）。部门负责人只能看本部门，中心管理员与区领导只能看本区划及下级。"""
    params = {"period": period, "region": region, "department": department, "item": item, "channel": channel,
              "group_by": group_by, "metrics": metrics}
    question = question_of(request.auth, params, today=timezone.localdate())
    result = answer(question.metrics, question.period, question.scope, question.group_by)
    scope = result.scope
    return {"period": result.period.key, "period_label": result.period.label, "group_by": result.group_by,
            "region": scope.region.code if scope.region else None,
            "department": scope.department.code if scope.department else None,
            "item": scope.item.implementation_code if scope.item else None, "channel": scope.channel or None,
            "total": _row(result.total), "rows": [_row(row) for row in result.rows],
            "updated_at": updated_at(question.metrics)}
