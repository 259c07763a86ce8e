from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongban.core.errors import DomainError

from . import charts, dashboard, excel
from .periods import period_of
from .query import answer
from .scopes import bounds, question_of


def _chart_metric(question, request):
    """The metric drawn in the charts: the one asked for, else the first with a value."""
    code = request.GET.get("chart")
    periodic = [m for m in question.metrics if not m.is_snapshot] or list(question.metrics)
    return next((m for m in question.metrics if m.code == code), periodic[0])


def _series(table, metric) -> list:
    index = table.metrics.index(metric)
    return [(row.label, row.cells[index].value, row.cells[index].meets) for row in table.rows]


@require_GET
def board(request):
    """指标看板 — the viewer's scope by default; every row drills one level down."""
    today = timezone.localdate()
    try:
        question = question_of(request.user, request.GET, today=today)
    except DomainError as error:
        if error.status == 403:
            raise
        question = question_of(request.user, {}, today=today)
        error_field, error_message = error.field, error.message
    else:
        error_field = error_message = None
    breakdown = answer(question.metrics, question.period, question.scope, question.group_by)
    trend = answer(question.metrics, question.period, question.scope, "period")
    metric = _chart_metric(question, request)
    target = trend.total.cells[trend.metrics.index(metric)].target
    allowed = bounds(request.user)
    context = {
        "title": dashboard.TITLES.get(request.user.role, "指标看板"), "answer": breakdown, "trend": trend,
        "chart_metric": metric, "bars": charts.bars(_series(breakdown, metric), target),
        "line": charts.trend(_series(trend, metric), target) if not metric.is_snapshot else None,
        "rows": [(row, dashboard.drill_link(breakdown, row)) for row in breakdown.rows],
        "crumbs": dashboard.breadcrumbs(breakdown, allowed),
        "query": dashboard.query_string(breakdown), "previous": dashboard.query_string(
            breakdown, period=question.period.shift(-1).key),
        "next": None if question.period.is_last else dashboard.query_string(
            breakdown, period=question.period.shift(1).key),
        "this_month": period_of("month", today).key, "updated_at": dashboard.updated_at(question.metrics),
        "has_periodic": any(not m.is_snapshot for m in question.metrics), "error_field": error_field, "error_message": error_message,
        **dashboard.choices(allowed),
    }
    template = "metrics/_board.html" if request.headers.get("HX-Request") else "metrics/dashboard.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def export(request):
    """Excel of the table on the page: the breakdown, or the trend with `table=trend`."""
    question = question_of(request.user, request.GET, today=timezone.localdate())
    group_by = "period" if request.GET.get("table") == "trend" else question.group_by
    table = answer(question.metrics, question.period, question.scope, group_by)
    response = HttpResponse(excel.workbook_bytes(table), content_type=excel.XLSX)
    response["Content-Disposition"] = f'attachment; filename="metrics-{question.period.key}-{group_by}.xlsx"'
    return response
