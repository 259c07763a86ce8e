from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongban.metrics.targets import TargetBook

from .rates import GROUPINGS, METRICS, CatalogRates, catalog_rates

ROW_HEIGHT, LABEL_WIDTH, BAR_SCALE = 28, 170, 4  # px; a 100 % bar is 400 px


def _targets() -> dict:
    """The district-wide targets in force today (the rules metric.<code>.target)."""
    book = TargetBook(on=timezone.localdate())
    return {name: book.target(metric, None) for name, metric in METRICS.items()}


def _bars(rows: list[CatalogRates], targets: dict) -> dict:
    """Geometry of the horizontal bar chart, computed here so the template only draws."""
    bars = [
        {"name": row.name, "y": index * ROW_HEIGHT,
         "online": row.online_rate, "online_width": float(row.online_rate or 0) * BAR_SCALE,
         "fully": row.fully_online_rate, "fully_width": float(row.fully_online_rate or 0) * BAR_SCALE}
        for index, row in enumerate(rows)
    ]
    return {"bars": bars, "height": len(rows) * ROW_HEIGHT, "label_width": LABEL_WIDTH,
            "target_x": LABEL_WIDTH + float(targets["online"] or 0) * BAR_SCALE, "text_x": LABEL_WIDTH + 100 * BAR_SCALE + 8}


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
