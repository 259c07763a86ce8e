"""兑现率, 平均兑现时间 and paid against budget, per program (a read of the policies tables).

兑现率 = applications paid ÷ applications granted in 联合审定 or 免申即享 (paid, approved and
waiting, clawed back) — the share of granted money actually delivered; cut, not rounded, to one
decimal like every other rate. 平均兑现时间 = mean working days from 申报 to 拨付 of the paid ones.
"""

from decimal import ROUND_DOWN, Decimal

from django.db.models import Count, Q, Sum

from tongban.core.charts import BarChart
from tongban.core.clock import local_date
from tongban.workdays import working_days_between
from tongban.workdays.errors import CalendarNotPublished

from . import rules_engine as engine
from .models import Application, Payment, Program

CHART = BarChart(label_width=220, row_height=30)  # px; a fully spent budget is a 400 px bar
GRANTED = ("approved", "paid", "clawed_back")
TENTH = Decimal("0.1")


def _cut(value: Decimal) -> str:
    return str(value.quantize(TENTH, rounding=ROUND_DOWN))


def program_stats() -> list[dict]:
    counts = {row["program"]: row for row in Application.objects.values("program").annotate(
        total=Count("id"), granted=Count("id", filter=Q(status__in=GRANTED)),
        paid=Count("id", filter=Q(status="paid")))}
    paid_sums = dict(Payment.objects.values_list("program").annotate(total=Sum("amount_fen")))
    rows = []
    for program in Program.objects.select_related("policy").order_by("policy__code", "code"):
        count = counts.get(program.pk, {"total": 0, "granted": 0, "paid": 0})
        budget = program.budget_fen if program.budget_fen is not None else program.policy.budget_fen
        rows.append({
            "program": program.code, "title": program.title,
            "budget_yuan": None if budget is None else str(engine.from_fen(budget)),
            "paid_yuan": str(engine.from_fen(paid_sums.get(program.pk) or 0)), "paid_fen": paid_sums.get(program.pk) or 0,
            "budget_fen": budget, "applications": count["total"], "granted": count["granted"],
            "fulfilment_rate": _cut(Decimal(count["paid"]) * 100 / count["granted"]) if count["granted"] else None,
            "average_working_days": _average_days(program),
        })
    return rows


def _average_days(program: Program) -> str | None:
    spans = []
    for submitted, paid in Application.objects.filter(program=program, status="paid", paid_at__isnull=False
                                                      ).values_list("submitted_at", "paid_at")[:1000]:
        try:
            spans.append(working_days_between(local_date(submitted), local_date(paid)))
        except CalendarNotPublished:
            continue
    return _cut(Decimal(sum(spans)) / len(spans)) if spans else None


def chart(rows: list[dict]) -> dict:
    """Paid against budget per program: a full bar is the whole budget."""
    bars = []
    for row in rows:
        share = (Decimal(row["paid_fen"]) * 100 / row["budget_fen"]) if row["budget_fen"] else None
        bars.append({"name": row["title"], "paid": row["paid_yuan"], "budget": row["budget_yuan"],
                     "width": round(CHART.percent(min(share, Decimal(100))) if share is not None else 0, 1),
                     "share": None if share is None else _cut(share)})
    return {**CHART.frame(bars), "width": CHART.text_x + 200}
