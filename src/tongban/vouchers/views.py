"""消费券 pages: the resident's claim page and 我的券, the merchant's till (mobile), the staff dashboard."""

import secrets

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tongban.core.charts import BarChart
from tongban.core.clock import local_date
from tongban.core.errors import DomainError

from . import services
from .api import round_payload, voucher_payload
from .models import Campaign, Round, Voucher
from .money import fen_to_yuan, yuan_to_fen
from .reconciliation import flags, reconcile, settlement

CHART = BarChart(label_width=90, row_height=28, length=420)


def claim_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    error, result = None, None
    if request.method == "POST":
        try:
            round_id = int(request.POST.get("round", "0") or 0)
            result = services.claim(actor=request.user, round_id=round_id, client_key=request.POST.get("key", ""),
                                    device=request.POST.get("device", ""), now=now)
        except (ValueError, OverflowError):
            error = "请选择投放轮次。"
        except DomainError as refused:
            error = refused.message
    rounds = [round_payload(r, now) for r in Round.objects.select_related("campaign").order_by("-opens_at")[:8]]
    return render(request, "vouchers/claim.html", {
        "rounds": rounds, "error": error, "result": result, "key": secrets.token_hex(8),
        "got": [voucher_payload(v, now) for v in result.vouchers] if result else []},
        status=409 if error else 200)


def mine(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    vouchers = []
    for voucher in Voucher.objects.filter(claim__user=request.user).order_by("-id")[:60]:
        shown = voucher_payload(voucher, now)
        if shown["status"] == "unused":
            shown["qr"] = segno.make(voucher.code, error="m").svg_data_uri(scale=4)
        vouchers.append(shown)
    return render(request, "vouchers/mine.html", {"vouchers": vouchers})


def till(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        cashier = services.cashier_of(request.user)
    except DomainError as refused:
        return render(request, "vouchers/till.html", {"error": refused.message}, status=403)
    error, done, values = None, None, {}
    if request.method == "POST":
        values = {"code": request.POST.get("code", "")[:64], "bill": request.POST.get("bill", "")[:30],
                  "till_key": request.POST.get("till_key", "")[:64]}
        try:
            done, _ = services.redeem(actor=request.user, code=values["code"], bill_fen=yuan_to_fen(values["bill"]),
                                      till_key=values["till_key"], now=now)
        except DomainError as refused:
            error = refused.message
    statement = settlement(cashier.merchant, local_date(now))
    return render(request, "vouchers/till.html", {
        "merchant": cashier.merchant, "error": error, "done": done, "values": values,
        "pay": fen_to_yuan(done.bill_fen - done.discount_fen) if done else None,
        "till_key": secrets.token_hex(8), "statement": statement, "due": fen_to_yuan(statement.due_fen)},
        status=422 if error else 200)


def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    campaign = Campaign.objects.filter(code=request.GET.get("campaign", "")[:40]).first() or \
        Campaign.objects.order_by("-starts_on").first()
    if campaign is None:
        return render(request, "vouchers/dashboard.html", {"campaign": None})
    result = reconcile(campaign, now=now)
    biggest = max([r.release_fen for r in result.rounds] or [0])
    bars = [{"name": f"第{r.number}轮", "released": fen_to_yuan(r.release_fen), "issued": fen_to_yuan(r.issued_fen),
             "redeemed": fen_to_yuan(r.redeemed_fen),
             "released_width": CHART.share(r.release_fen, biggest), "issued_width": CHART.share(r.issued_fen, biggest),
             "redeemed_width": CHART.share(r.redeemed_fen, biggest)} for r in result.rounds]
    top = sorted(result.merchants, key=lambda m: -m["redeemed_fen"])[:10]
    most = max([m["redeemed_fen"] for m in top] or [0])
    merchant_bars = [{"name": m["name"], "value": fen_to_yuan(m["redeemed_fen"]),
                      "width": CHART.share(m["redeemed_fen"], most)} for m in top]
    rows = [{**r.__dict__, **{k: fen_to_yuan(v) for k, v in r.__dict__.items() if k.endswith("_fen")}}
            for r in result.rounds]
    return render(request, "vouchers/dashboard.html", {
        "campaign": campaign, "budget": fen_to_yuan(campaign.budget_fen), "result": result, "rows": rows,
        "chart": CHART.frame(bars), "merchant_chart": CHART.frame(merchant_bars),
        "flags": flags(campaign, result, now=now), "campaigns": Campaign.objects.order_by("-starts_on")[:20]})
