"""Reconciliation of a campaign to its budget, to the fen, and the patterns worth a look.

Per round: released = base + rollover = issued + unclaimed (stock left and the part too small
for a set); issued = redeemed + unused (live, or expired once the round is over); the next
round's rollover = released − redeemed. Hence, for the campaign:
budget = Σ redeemed (of released rounds) + (released − redeemed of the latest released round)
       + Σ base of the rounds not yet released.
Per merchant, the redemptions not undone by a full refund add up to the redeemed vouchers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from django.db.models import Count, F, Q, Sum

from tongban.core.clock import local_date
from tongban.rules import rule_value

from .models import Campaign, Claim, Merchant, Redemption, Refund, Stock, Voucher, VoucherStatus


@dataclass
class RoundFigures:
    number: int
    released: bool
    base_fen: int
    rollover_fen: int
    release_fen: int
    stock_fen: int  # what the stock rows hold in all (sets × set value)
    issued_fen: int
    issued_count: int
    unclaimed_fen: int
    redeemed_fen: int
    redeemed_count: int
    live_fen: int
    expired_fen: int
    expired_count: int
    restored_count: int
    restored_fen: int


@dataclass
class Reconciliation:
    campaign: Campaign
    rounds: list[RoundFigures]
    merchants: list[dict]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def reconcile(campaign: Campaign, *, now: datetime) -> Reconciliation:
    rounds, problems = [], []
    previous: RoundFigures | None = None
    for round_ in campaign.rounds.order_by("number"):
        released = round_.released_at is not None
        stock_fen = sum(row.total * row.denomination.face_fen
                        for row in Stock.objects.filter(round=round_).select_related("denomination"))
        vouchers = Voucher.objects.filter(round=round_)
        totals = vouchers.aggregate(
            issued=Sum("face_fen"), issued_n=Count("id"),
            redeemed=Sum("face_fen", filter=Q(status=VoucherStatus.REDEEMED)),
            redeemed_n=Count("id", filter=Q(status=VoucherStatus.REDEEMED)),
            live=Sum("face_fen", filter=Q(status=VoucherStatus.UNUSED, expires_at__gt=now)),
            expired=Sum("face_fen", filter=Q(status=VoucherStatus.UNUSED, expires_at__lte=now)),
            expired_n=Count("id", filter=Q(status=VoucherStatus.UNUSED, expires_at__lte=now)),
            restored_n=Sum("restored_count"))
        restored_fen = (Redemption.objects.filter(voucher__round=round_, restored=True)
                        .aggregate(fen=Sum("discount_fen"))["fen"] or 0)
        figures = RoundFigures(
            number=round_.number, released=released, base_fen=round_.base_fen, rollover_fen=round_.rollover_fen,
            release_fen=round_.release_fen, stock_fen=stock_fen, issued_fen=totals["issued"] or 0,
            issued_count=totals["issued_n"], unclaimed_fen=round_.release_fen - (totals["issued"] or 0),
            redeemed_fen=totals["redeemed"] or 0, redeemed_count=totals["redeemed_n"], live_fen=totals["live"] or 0,
            expired_fen=totals["expired"] or 0, expired_count=totals["expired_n"],
            restored_count=totals["restored_n"] or 0, restored_fen=restored_fen)
        label = f"第{round_.number}轮"
        taken = {row["denomination__face_fen"]: row["taken"] for row in Stock.objects.filter(round=round_)
                 .values("denomination__face_fen").annotate(taken=Sum(F("total") - F("remaining")))}
        issued = dict(vouchers.values_list("denomination__face_fen").annotate(n=Count("id")))
        if {face: n for face, n in taken.items() if n} != issued:
            problems.append(f"{label}：库存减少的张数 {taken} ≠ 发放的张数 {issued}")
        if vouchers.exclude(face_fen=F("denomination__face_fen")).exists():
            problems.append(f"{label}：有消费券面额与其面额档次不符")
        if figures.issued_fen > figures.stock_fen or figures.stock_fen > figures.release_fen:
            problems.append(f"{label}：发放 {figures.issued_fen} 分超过库存或库存超过投放额")
        if figures.issued_fen != figures.redeemed_fen + figures.live_fen + figures.expired_fen:
            problems.append(f"{label}：发放 ≠ 核销 + 未使用 + 过期")
        if previous is not None and released and round_.rollover_fen != previous.release_fen - previous.redeemed_fen:
            problems.append(f"{label}：转入 {round_.rollover_fen} 分 ≠ 上轮投放 − 上轮核销")
        if not released and figures.issued_fen:
            problems.append(f"{label}：未投放却有发放")
        rounds.append(figures)
        previous = figures
    if sum(r.base_fen for r in rounds) != campaign.budget_fen:
        problems.append("各轮基础投放额之和 ≠ 投放总额")
    funded = campaign.fundings.aggregate(fen=Sum("amount_fen"))["fen"] or 0
    if funded != campaign.budget_fen:
        problems.append(f"出资合计 {funded} 分 ≠ 投放总额 {campaign.budget_fen} 分")
    released_rounds = [r for r in rounds if r.released]
    accounted = (sum(r.redeemed_fen for r in released_rounds)
                 + ((released_rounds[-1].release_fen - released_rounds[-1].redeemed_fen) if released_rounds else 0)
                 + sum(r.base_fen for r in rounds if not r.released))
    if accounted != campaign.budget_fen:
        problems.append(f"核销 + 最近一轮未用 + 未投放 = {accounted} 分 ≠ 投放总额 {campaign.budget_fen} 分")
    merchants = list(
        Merchant.objects.filter(campaign=campaign).annotate(
            redeemed_n=Count("redemptions", filter=Q(redemptions__restored=False)),
            redeemed_fen=Sum("redemptions__discount_fen", filter=Q(redemptions__restored=False)),
            restored_n=Count("redemptions", filter=Q(redemptions__restored=True)),
        ).values("id", "name", "tier", "sector", "redeemed_n", "redeemed_fen", "restored_n").order_by("id"))
    for row in merchants:
        row["redeemed_fen"] = row["redeemed_fen"] or 0
    by_merchants = sum(row["redeemed_fen"] for row in merchants)
    if by_merchants != sum(r.redeemed_fen for r in rounds):
        problems.append(f"各商户核销 {by_merchants} 分 ≠ 各轮核销 {sum(r.redeemed_fen for r in rounds)} 分")
    return Reconciliation(campaign, rounds, merchants, problems)


@dataclass(frozen=True)
class Flag:
    kind: str  # merchant / device
    label: str
    detail: str


def flags(campaign: Campaign, reconciliation: Reconciliation, *, now: datetime) -> list[Flag]:
    """Merchants redeeming far above their peers (same sector and tier), devices many people claim from."""
    on = local_date(now)
    factor = rule_value("vouchers.suspicious_merchant_factor", on=on, region=campaign.region)
    device_limit = rule_value("vouchers.suspicious_device_holders", on=on, region=campaign.region)
    found: list[Flag] = []
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in reconciliation.merchants:
        groups.setdefault((row["sector"], row["tier"]), []).append(row)
    for rows in groups.values():
        typical = median(row["redeemed_n"] for row in rows)
        for row in rows:
            if typical and row["redeemed_n"] > factor * typical:
                found.append(Flag("merchant", row["name"],
                                  f"核销 {row['redeemed_n']} 笔，同类同规模商户中位数 {typical:g} 笔（超过 {factor} 倍）"))
    devices = (Claim.objects.filter(round__campaign=campaign).exclude(device_key="")
               .values("round__number", "device_key").annotate(n=Count("id")).filter(n__gt=device_limit)
               .order_by("-n"))
    for row in devices:
        found.append(Flag("device", f"设备 {row['device_key'][:8]}…",
                          f"第{row['round__number']}轮有 {row['n']} 人从同一设备领券（阈值 {device_limit} 人）"))
    return found


@dataclass(frozen=True)
class Settlement:
    merchant: Merchant
    day: date
    redemptions: list[Redemption]
    redeemed_fen: int
    restored_fen: int
    refunds: list[Refund]

    @property
    def due_fen(self) -> int:
        return self.redeemed_fen - self.restored_fen


def settlement(merchant: Merchant, day: date) -> Settlement:
    """The merchant's statement for one day: vouchers redeemed that day, less those given back
    that day by a full refund (the subsidy the campaign owes the merchant)."""
    redemptions = list(Redemption.objects.filter(merchant=merchant, local_day=day).select_related("voucher")
                       .order_by("id"))
    refunds = list(Refund.objects.filter(redemption__merchant=merchant, local_day=day)
                   .select_related("redemption").order_by("id"))
    return Settlement(merchant, day, redemptions, sum(r.discount_fen for r in redemptions),
                      sum(r.redemption.discount_fen for r in refunds if r.restored_voucher), refunds)
