"""消费券 services: set up a campaign from the rules, release rounds, claim, redeem at the till, refund.

Plain functions `(…, *, actor, now)`, one transaction each. A claim or a redemption is
answered only after its transaction has committed (the function returns after `atomic()` exits).
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from tongban.audit.services import record
from tongban.core.clock import local_date, local_zone
from tongban.events.services import emit
from tongban.rules import rule_value

from . import errors
from . import events as ev
from .holders import device_key, holder_key
from .money import FEN_PER_YUAN, check_fen, check_key, fen_to_yuan, yuan_to_fen
from .models import (
    STOCK_SHARDS, TAKE_ATTEMPTS, Campaign, Cashier, Claim, Denomination, Funding, Merchant, Redemption, Refund, Round, Stock,
    Voucher, VoucherStatus,
)

# --- campaign set-up ----------------------------------------------------------------------------

def create_campaign(*, code: str, name: str, region, starts_on: date, ends_on: date, actor, now: datetime,
                    partner: str = "中国银联山东分公司") -> Campaign:
    """A campaign with the rules' numbers on `starts_on`: budget, rounds every interval at the
    opening hour, validity, the denominations and their thresholds; the base of each round is the
    minimum share of the budget (the last round takes what the others leave)."""
    on = starts_on
    district = yuan_to_fen(rule_value("vouchers.budget_district_yuan", on=on, region=region))
    partner_share = yuan_to_fen(rule_value("vouchers.budget_partner_yuan", on=on, region=region))
    percent = rule_value("vouchers.round_min_release_percent", on=on, region=region)
    rounds = rule_value("vouchers.rounds", on=on, region=region)
    interval = rule_value("vouchers.round_interval_natural_days", on=on, region=region)
    hour = rule_value("vouchers.round_open_hour", on=on, region=region)
    valid_days = rule_value("vouchers.valid_natural_days", on=on, region=region)
    thresholds = rule_value("vouchers.thresholds_yuan", on=on, region=region)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            code=code, name=name, region=region, starts_on=starts_on, ends_on=ends_on,
            budget_fen=district + partner_share, min_release_percent=percent, valid_days=valid_days,
            per_person_per_denomination=rule_value("vouchers.per_person_per_denomination", on=on, region=region),
            source="临兰政办发〔2021〕24号")
        Funding.objects.create(campaign=campaign, funder=f"{region.name}人民政府", amount_fen=district)
        Funding.objects.create(campaign=campaign, funder=partner, amount_fen=partner_share)
        for face, threshold in sorted(thresholds.items(), reverse=True):
            Denomination.objects.create(campaign=campaign, face_fen=int(face) * FEN_PER_YUAN,
                                        threshold_fen=yuan_to_fen(threshold))
        base = int((Decimal(campaign.budget_fen) * percent / FEN_PER_YUAN).to_integral_value(ROUND_FLOOR))
        given = 0
        for number in range(1, rounds + 1):
            day = starts_on + timedelta(days=interval * (number - 1))  # natural days: weekly rounds
            opens_at = datetime.combine(day, time(hour), tzinfo=local_zone())
            share = campaign.budget_fen - given if number == rounds else min(base, campaign.budget_fen - given)
            given += share
            Round.objects.create(campaign=campaign, number=number, opens_at=opens_at, base_fen=share,
                                 valid_until=opens_at + timedelta(days=valid_days))  # natural days: 有效期7天
        record(actor=actor, action=ev.CAMPAIGN_CREATED, target=campaign, now=now,
               after={"budget_fen": campaign.budget_fen, "rounds": rounds, "base_fen": base})
    return campaign


def add_merchant(*, campaign: Campaign, name: str, uscc: str, sector: str, tier: str, actor, now: datetime) -> Merchant:
    with transaction.atomic():
        merchant = Merchant.objects.create(campaign=campaign, name=name, uscc=uscc, sector=sector, tier=tier)
        record(actor=actor, action=ev.MERCHANT_LISTED, target=merchant, now=now,
               after={"name": name, "sector": sector, "tier": tier})
    return merchant


# --- rounds -------------------------------------------------------------------------------------

def redeemed_fen(round_: Round) -> int:
    total = 0
    for face, count in _counts(round_.vouchers.filter(status=VoucherStatus.REDEEMED)):
        total += face * count
    return total


def _counts(vouchers) -> list[tuple[int, int]]:
    from django.db.models import Count
    return list(vouchers.values("face_fen").annotate(n=Count("id")).values_list("face_fen", "n"))


def release_round(round_id: int, *, actor, now: datetime) -> Round:
    """Put a round's vouchers on sale: its base share plus everything of the previous round that
    was not used by the time it expired (unclaimed stock and claimed vouchers left unused)."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("campaign").get(pk=round_id)
        if round_.released_at is not None:
            return round_
        if now < round_.opens_at:
            raise errors.round_not_open()
        previous = Round.objects.filter(campaign=round_.campaign, number=round_.number - 1).first()
        if previous is not None:
            if previous.released_at is None:
                previous = release_round(previous.pk, actor=actor, now=now)
            if now < previous.valid_until:
                raise errors.round_not_open()
            round_.rollover_fen = previous.release_fen - redeemed_fen(previous)
        denominations = list(round_.campaign.denominations.all())
        set_fen = sum(d.face_fen for d in denominations)
        sets = round_.release_fen // set_fen if set_fen else 0
        for denomination in denominations:
            share, extra = divmod(sets, STOCK_SHARDS)
            Stock.objects.bulk_create([
                Stock(round=round_, denomination=denomination, shard=shard, total=share + (shard < extra),
                      remaining=share + (shard < extra)) for shard in range(STOCK_SHARDS)])
        round_.released_at = now
        round_.save(update_fields=["rollover_fen", "released_at"])
        after = {"base_fen": round_.base_fen, "rollover_fen": round_.rollover_fen, "sets": sets}
        record(actor=actor, action=ev.ROUND_RELEASED, target=round_, now=now, after=after)
        emit(ev.TOPIC_ROUND_RELEASED, stream=f"vouchers.round:{round_.pk}", payload={"round": round_.pk, **after},
             now=now)
    return round_


def release_due_rounds(*, now: datetime, actor=None) -> list[Round]:
    """The scheduler's job: release every round whose opening time has come."""
    due = Round.objects.filter(released_at__isnull=True, opens_at__lte=now).order_by("campaign_id", "number")
    return [release_round(round_.pk, actor=actor, now=now) for round_ in due]


def open_round(campaign: Campaign, *, now: datetime) -> Round | None:
    return campaign.rounds.filter(opens_at__lte=now, valid_until__gt=now).first()


# --- claims -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    vouchers: list[Voucher]
    created: bool


def _take(round_: Round, denomination: Denomination, start: int) -> bool:
    """One voucher of `denomination` off the round's stock, beginning at shard `start`."""
    for _ in range(TAKE_ATTEMPTS):
        shards = list(Stock.objects.filter(round=round_, denomination=denomination, remaining__gt=0)
                      .values_list("id", "shard"))
        if not shards:
            return False
        shards.sort(key=lambda row: (row[1] - start) % STOCK_SHARDS)
        for stock_id, _shard in shards:
            if Stock.objects.filter(pk=stock_id, remaining__gt=0).update(remaining=F("remaining") - 1):
                return True
    return False


def claim(*, actor, round_id: int, client_key: str = "", device: str = "", now: datetime) -> ClaimResult:
    """One of each denomination still in stock for the actor (real name) in the round.

    Once per person per round (the unique (round, holder) key; a retry returns the claim made).
    Stock is taken with conditional UPDATEs (`remaining > 0`), denominations in one order, so
    no voucher is issued past the stock and concurrent claims do not deadlock. First come first
    served: whoever's UPDATE commits first gets the voucher. Nothing is kept if nothing is left.
    """
    id_number = getattr(actor, "id_number", "") or ""
    if not id_number:
        raise errors.not_real_name()
    round_ = Round.objects.select_related("campaign").filter(pk=round_id).first()
    if round_ is None:
        raise errors.round_not_found()
    if not (round_.opens_at <= now < round_.valid_until):
        raise errors.round_not_open()
    if round_.released_at is None:
        round_ = release_round(round_.pk, actor=None, now=now)
    key = holder_key(id_number)
    existing = Claim.objects.filter(round=round_, holder_key=key).first()
    if existing is not None:
        return ClaimResult(existing, list(existing.vouchers.order_by("-face_fen")), False)
    start = int(key[:8], 16) % STOCK_SHARDS
    denominations = list(round_.campaign.denominations.order_by("pk"))
    try:
        with transaction.atomic():
            made = Claim.objects.create(round=round_, holder_key=key, user=actor, client_key=(client_key or "")[:100],
                                        device_key=device_key((device or "")[:200]), claimed_at=now)
            taken = [d for d in denominations if _take(round_, d, start)]
            if not taken:
                raise errors.sold_out()
            vouchers = Voucher.objects.bulk_create([
                Voucher(code=secrets.token_hex(10), claim=made, round=round_, denomination=d, holder_key=key,
                        face_fen=d.face_fen, threshold_fen=d.threshold_fen, expires_at=round_.valid_until)
                for d in taken])
            record(actor=actor, action=ev.CLAIMED, target=made, now=now,
                   after={"round": round_.number, "faces_fen": [v.face_fen for v in vouchers]})
    except IntegrityError:
        existing = Claim.objects.filter(round=round_, holder_key=key).first()
        if existing is None:
            raise
        return ClaimResult(existing, list(existing.vouchers.order_by("-face_fen")), False)
    vouchers.sort(key=lambda v: -v.face_fen)
    return ClaimResult(made, vouchers, True)


# --- the till -----------------------------------------------------------------------------------

def cashier_of(actor) -> Cashier:
    cashier = Cashier.objects.select_related("merchant__campaign").filter(user_id=getattr(actor, "pk", None)).first()
    if cashier is None:
        raise errors.not_a_cashier()
    return cashier


def redeem(*, actor, code: str, bill_fen: int, till_key: str, now: datetime) -> tuple[Redemption, bool]:
    """Use a voucher for one purchase at the actor's merchant. A till that retries with the same
    `till_key` and voucher gets the redemption it made; another voucher on that purchase is refused."""
    till_key = check_key(till_key)
    bill_fen = check_fen(bill_fen)
    merchant = cashier_of(actor).merchant
    if not merchant.is_active:
        raise errors.merchant_not_listed()
    code = (code or "").strip().lower()[:32]
    replay = _replay(merchant, till_key, code)
    if replay is not None:
        return replay, False
    try:
        with transaction.atomic():
            voucher = (Voucher.objects.select_for_update().select_related("round")
                       .filter(code=code, round__campaign=merchant.campaign).first())
            if voucher is None:
                raise errors.not_found()
            if voucher.status != VoucherStatus.UNUSED:
                replay = _replay(merchant, till_key, code)  # a retry that waited for the first to commit
                if replay is not None:
                    return replay, False
                raise errors.already_redeemed()
            if now >= voucher.expires_at:
                raise errors.expired()
            if now < voucher.round.opens_at:
                raise errors.not_yet_valid()
            if bill_fen < voucher.threshold_fen:
                raise errors.below_threshold(fen_to_yuan(voucher.threshold_fen).removesuffix(".00"))
            redemption = Redemption.objects.create(
                voucher=voucher, merchant=merchant, cashier=actor, till_key=till_key, bill_fen=bill_fen,
                discount_fen=voucher.face_fen, redeemed_at=now, local_day=local_date(now))
            Voucher.objects.filter(pk=voucher.pk).update(status=VoucherStatus.REDEEMED)
            after = {"voucher": voucher.pk, "merchant": merchant.pk, "bill_fen": bill_fen,
                     "discount_fen": voucher.face_fen}
            record(actor=actor, action=ev.REDEEMED, target=redemption, now=now, after=after)
            emit(ev.TOPIC_REDEEMED, stream=f"vouchers.redemption:{redemption.pk}", payload=after, now=now)
    except IntegrityError:
        replay = _replay(merchant, till_key, code)
        if replay is None:
            raise
        return replay, False
    return redemption, True


def _replay(merchant: Merchant, till_key: str, code: str) -> Redemption | None:
    done = Redemption.objects.select_related("voucher").filter(merchant=merchant, till_key=till_key).first()
    if done is None:
        return None
    if done.voucher.code != code:
        raise errors.one_per_purchase()
    return done


def redemption_for(actor, redemption_id: int) -> Redemption:
    """A redemption of the actor's merchant (any other is not found)."""
    merchant = cashier_of(actor).merchant
    found = Redemption.objects.select_related("voucher").filter(pk=redemption_id, merchant=merchant).first()
    if found is None:
        raise errors.redemption_not_found()
    return found


def refund(*, actor, redemption_id: int, amount_fen: int, till_key: str, now: datetime) -> tuple[Refund, bool]:
    """Record a refund of a purchase. A full refund (the whole bill, nothing refunded before)
    within the voucher's validity gives the voucher back, with its original expiry; a partial or
    a late refund does not."""
    till_key = check_key(till_key)
    amount_fen = check_fen(amount_fen, positive=True)
    redemption = redemption_for(actor, redemption_id)
    done = Refund.objects.filter(redemption=redemption, till_key=till_key).first()
    if done is not None:
        return done, False
    try:
        with transaction.atomic():
            redemption = Redemption.objects.select_for_update().select_related("voucher").get(pk=redemption.pk)
            if amount_fen > redemption.bill_fen - redemption.refunded_fen:
                raise errors.refund_too_large()
            voucher = redemption.voucher
            full = redemption.refunded_fen == 0 and amount_fen == redemption.bill_fen
            restore = full and now < voucher.expires_at and not redemption.restored
            made = Refund.objects.create(redemption=redemption, till_key=till_key, amount_fen=amount_fen,
                                         restored_voucher=restore, refunded_at=now, local_day=local_date(now))
            redemption.refunded_fen += amount_fen
            redemption.restored = redemption.restored or restore
            redemption.save(update_fields=["refunded_fen", "restored"])
            after = {"amount_fen": amount_fen, "full": full, "restored": restore}
            record(actor=actor, action=ev.REFUNDED, target=redemption, now=now, after=after)
            if restore:
                Voucher.objects.filter(pk=voucher.pk).update(status=VoucherStatus.UNUSED,
                                                             restored_count=F("restored_count") + 1)
                record(actor=actor, action=ev.RESTORED, target=voucher, now=now,
                       before={"status": VoucherStatus.REDEEMED}, after={"status": VoucherStatus.UNUSED,
                                                                         "expires_at": voucher.expires_at.isoformat()})
            emit(ev.TOPIC_REFUNDED, stream=f"vouchers.redemption:{redemption.pk}",
                 payload={"redemption": redemption.pk, **after}, now=now)
    except IntegrityError:
        done = Refund.objects.filter(redemption=redemption, till_key=till_key).first()
        if done is None:
            raise
        return done, False
    return made, True
