from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongban.core.charts import BarChart
from tongban.metrics.targets import TargetBook

from ..rates import GROUPINGS, METRICS, CatalogRates, catalog_rates

CHART = BarChart(label_width=170, row_height=28)  # px; a 100 % bar is 400 px


def _targets() -> dict:
    """The district-wide targets in force today (the rules metric.<code>.target)."""
    book = TargetBook(on=timezone.localdate())
    return {name: book.target(metric, None) for name, metric in METRICS.items()}


def _bars(rows: list[CatalogRates], targets: dict) -> dict:
    """Geometry of the horizontal bar chart, computed here so the template only draws."""
    chart = CHART.frame([{"name": row.name, "online": row.online_rate, "online_width": CHART.percent(row.online_rate),
                          "fully": row.fully_online_rate, "fully_width": CHART.percent(row.fully_online_rate)}
                         for row in rows])
    return {**chart, "target_x": CHART.mark(targets["online"] or 0)}


@require_GET
def rates(request):
    group_by = request.GET.get("group_by", "department")
    if group_by not in GROUPINGS:
        group_by = "department"
    rows = catalog_rates(group_by)
    targets = _targets()
    return render(request, "catalog/rates.html", {
        "total": rows[0], "rows": rows[1:], "group_by": group_by, "targets": targets,
        "chart": _bars(rows[1:], targets),
    })
