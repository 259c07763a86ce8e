"""消费券 API: rounds, claims (resident), 我的券, the till (merchant), settlement, reconciliation (staff)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tongban.core.clock import local_date

from . import errors, services
from .models import Campaign, Round, Stock, Voucher, VoucherStatus
from .money import fen_to_yuan
from .reconciliation import flags, reconcile, settlement

router = Router(tags=["消费券"])


class VoucherRoundOut(Schema):
    id: int
    campaign: str
    number: int
    opens_at: datetime
    valid_until: datetime
    is_open: bool
    release_fen: int
    remaining: dict[str, int] = Field(description="面额（元）→ 剩余张数")


class VoucherOut(Schema):
    code: str
    face_fen: int
    threshold_fen: int
    label: str
    expires_at: datetime
    status: str = Field(description="unused 未使用 / redeemed 已核销 / expired 已过期")


class VoucherClaimOut(Schema):
    claim_id: int
    round: int
    created: bool
    vouchers: list[VoucherOut]


class VoucherRedemptionIn(Schema):
    code: str = Field(max_length=64, description="券码（扫描消费券二维码所得）")
    bill_fen: int = Field(ge=0, le=10**12, description="消费金额（分）")
    till_key: str = Field(max_length=64, description="收银流水号：同一笔消费重试时不变")


class VoucherRedemptionOut(Schema):
    id: int
    created: bool
    code: str
    bill_fen: int
    discount_fen: int
    pay_fen: int = Field(description="顾客实付（分）")
    redeemed_at: datetime


class VoucherRefundIn(Schema):
    redemption_id: int = Field(ge=0, le=2**63 - 1)
    amount_fen: int = Field(ge=1, le=10**12)
    till_key: str = Field(max_length=64)


class VoucherRefundOut(Schema):
    id: int
    created: bool
    amount_fen: int
    restored_voucher: bool


class VoucherSettlementOut(Schema):
    merchant: str
    day: date
    redemptions: int
    redeemed_fen: int
    restored_fen: int
    due_fen: int


class VoucherRoundFiguresOut(Schema):
    number: int
    released: bool
    base_fen: int
    rollover_fen: int
    release_fen: int
    issued_fen: int
    unclaimed_fen: int
    redeemed_fen: int
    live_fen: int
    expired_fen: int
    restored_count: int


class VoucherFlagOut(Schema):
    kind: str
    label: str
    detail: str


class VoucherReconciliationOut(Schema):
    campaign: str
    budget_fen: int
    balanced: bool
    problems: list[str]
    rounds: list[VoucherRoundFiguresOut]
    flags: list[VoucherFlagOut]


def voucher_payload(voucher: Voucher, now: datetime) -> dict:
    status = voucher.status
    if status == VoucherStatus.UNUSED and now >= voucher.expires_at:
        status = "expired"
    return {"code": voucher.code, "face_fen": voucher.face_fen, "threshold_fen": voucher.threshold_fen,
            "label": f"满{fen_to_yuan(voucher.threshold_fen).removesuffix('.00')}减"
                     f"{fen_to_yuan(voucher.face_fen).removesuffix('.00')}",
            "expires_at": voucher.expires_at, "status": status}


def round_payload(round_: Round, now: datetime) -> dict:
    remaining: dict[str, int] = {}
    for face, left in Stock.objects.filter(round=round_).values_list("denomination__face_fen", "remaining"):
        key = fen_to_yuan(face).removesuffix(".00")
        remaining[key] = remaining.get(key, 0) + left
    return {"id": round_.pk, "campaign": round_.campaign.name, "number": round_.number, "opens_at": round_.opens_at,
            "valid_until": round_.valid_until, "is_open": round_.opens_at <= now < round_.valid_until,
            "release_fen": round_.release_fen, "remaining": remaining}


@router.get("/vouchers/rounds", response=list[VoucherRoundOut], auth=None, summary="消费券投放轮次与剩余张数")
def list_voucher_rounds(request):
    now = timezone.now()
    rounds = Round.objects.select_related("campaign").order_by("-opens_at")[:20]
    return [round_payload(round_, now) for round_ in rounds]


class VoucherClaimIn(Schema):
    round_id: int = Field(ge=0, le=2**31 - 1)


@router.post("/vouchers/claims", response={200: VoucherClaimOut, 201: VoucherClaimOut},
             summary="领取消费券（实名，每人每轮每种面额各一张；重试返回已领结果；先到先得）")
def claim_vouchers(request, payload: VoucherClaimIn):
    now = timezone.now()
    result = services.claim(actor=request.user, round_id=payload.round_id,
                            client_key=request.headers.get("Idempotency-Key", ""),
                            device=request.headers.get("X-Device-Id", ""), now=now)
    body = {"claim_id": result.claim.pk, "round": result.claim.round.number, "created": result.created,
            "vouchers": [voucher_payload(v, now) for v in result.vouchers]}
    return Status(201 if result.created else 200, body)


@router.get("/vouchers/mine", response=list[VoucherOut], summary="我的消费券")
def list_my_vouchers(request):
    now = timezone.now()
    vouchers = Voucher.objects.filter(claim__user=request.user).order_by("-id")[:60]
    return [voucher_payload(v, now) for v in vouchers]


@router.post("/vouchers/redemptions", response={200: VoucherRedemptionOut, 201: VoucherRedemptionOut},
             summary="收银台核销消费券（商户核销员；同一收银流水重试只记一次）")
def redeem_voucher(request, payload: VoucherRedemptionIn):
    redemption, created = services.redeem(actor=request.user, code=payload.code, bill_fen=payload.bill_fen,
                                          till_key=payload.till_key, now=timezone.now())
    return Status(201 if created else 200, {
        "id": redemption.pk, "created": created, "code": redemption.voucher.code, "bill_fen": redemption.bill_fen,
        "discount_fen": redemption.discount_fen, "pay_fen": redemption.bill_fen - redemption.discount_fen,
        "redeemed_at": redemption.redeemed_at})


@router.post("/vouchers/refunds", response={200: VoucherRefundOut, 201: VoucherRefundOut},
             summary="退款（全额且在有效期内恢复消费券，有效期不变；部分或逾期退款不恢复）")
def refund_redemption(request, payload: VoucherRefundIn):
    refund, created = services.refund(actor=request.user, redemption_id=payload.redemption_id, amount_fen=payload.amount_fen,
                                      till_key=payload.till_key, now=timezone.now())
    return Status(201 if created else 200, {"id": refund.pk, "created": created, "amount_fen": refund.amount_fen,
                                            "restored_voucher": refund.restored_voucher})


class SettlementQuery(Schema):
    day: date | None = None


@router.get("/vouchers/settlement", response=VoucherSettlementOut, summary="商户日结算单")
def get_voucher_settlement(request, query: Query[SettlementQuery]):
    merchant = services.cashier_of(request.user).merchant
    statement = settlement(merchant, query.day or local_date(timezone.now()))
    return {"merchant": merchant.name, "day": statement.day, "redemptions": len(statement.redemptions),
            "redeemed_fen": statement.redeemed_fen, "restored_fen": statement.restored_fen,
            "due_fen": statement.due_fen}


class ReconciliationQuery(Schema):
    campaign: str = Field(max_length=40, description="活动编号")


@router.get("/vouchers/reconciliation", response=VoucherReconciliationOut,
            summary="消费券对账（按轮次；投放总额分毫核对）与异常提示")
def get_voucher_reconciliation(request, query: Query[ReconciliationQuery]):
    campaign = Campaign.objects.filter(code=query.campaign).first()
    if campaign is None:
        raise errors.not_found()
    now = timezone.now()
    result = reconcile(campaign, now=now)
    return {"campaign": campaign.name, "budget_fen": campaign.budget_fen, "balanced": result.ok,
            "problems": result.problems,
            "rounds": [{k: getattr(r, k) for k in VoucherRoundFiguresOut.model_fields} for r in result.rounds],
            "flags": [{"kind": f.kind, "label": f.label, "detail": f.detail} for f in flags(campaign, result, now=now)]}
