from io import BytesIO

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from .dashboard import Row, department_scope, month_metrics, parse_month
from .registry import METRICS, ON_TIME_RATE, ONLINE_RATE

ROW_HEIGHT, LABEL_WIDTH, BAR_SCALE = 28, 170, 4  # px; a 100 % bar is 400 px
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value(row: Row, metric) -> object:
    return next(v for v in row.values if v.metric is metric)


def _chart(rows: list[Row]) -> dict:
    """Geometry of the horizontal bars (网上申办率 over 按时办结率), so the template only draws."""
    bars = []
    for index, row in enumerate(rows):
        online, on_time = _value(row, ONLINE_RATE), _value(row, ON_TIME_RATE)
        bars.append({"name": row.name, "y": index * ROW_HEIGHT,
                     "online": online.value, "online_width": float(online.value or 0) * BAR_SCALE,
                     "online_behind": online.meets is False,
                     "on_time": on_time.value, "on_time_width": float(on_time.value or 0) * BAR_SCALE,
                     "on_time_behind": on_time.meets is False})
    return {"bars": bars, "height": max(len(rows), 1) * ROW_HEIGHT, "label_width": LABEL_WIDTH,
            "online_target_x": LABEL_WIDTH + float(ONLINE_RATE.target) * BAR_SCALE,
            "on_time_target_x": LABEL_WIDTH + float(ON_TIME_RATE.target) * BAR_SCALE,
            "text_x": LABEL_WIDTH + 100 * BAR_SCALE + 8}


def _rows(request):
    month = parse_month(request.GET.get("month"))
    return month, month_metrics(month, department_id=department_scope(request.user))


@require_GET
def dashboard(request):
    month, rows = _rows(request)
    return render(request, "metrics/dashboard.html", {
        "month": month, "total": rows[0], "rows": rows[1:], "metrics": METRICS, "chart": _chart(rows[1:]),
    })


@require_GET
def export(request):
    month, rows = _rows(request)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y-%m}"
    header = ["部门"]
    for metric in METRICS:
        header += [f"{metric.name}", f"{metric.name}目标", f"{metric.name}分子", f"{metric.name}分母"]
    sheet.append(header)
    for row in [*rows[1:], rows[0]]:
        line = [row.name]
        for value in row.values:
            shown = "—" if value.value is None else float(value.value)
            if not value.metric.computed:
                shown = "未计算"
            line += [shown, value.metric.target_label, value.numerator, value.denominator]
        sheet.append(line)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="metrics-{month:%Y-%m}.xlsx"'
    return response
