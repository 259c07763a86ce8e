"""At the till: 满减 thresholds to the fen, validity, one voucher per purchase, retries, whitelist; refunds."""

import pytest

from tongban.core.errors import DomainError
from tongban.vouchers import services
from tongban.vouchers.models import Redemption, Voucher, VoucherStatus

from .conftest import at

CLAIMED = at(2021, 12, 3, 10, 0, 1)
SHOPPING = at(2021, 12, 5, 15)


@pytest.fixture
def wallet(vw):
    first = services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))
    result = services.claim(actor=vw.resident(1), round_id=first.pk, now=CLAIMED)
    return {v.face_fen // 100: v for v in result.vouchers}


def refused(expected, **kwargs):
    with pytest.raises(DomainError) as caught:
        services.redeem(**kwargs)
    assert caught.value.code == expected, caught.value.code


def test_99_99_yuan_cannot_use_the_30_yuan_voucher_100_00_can(vw, wallet):
    code = wallet[30].code
    assert services.yuan_to_fen("99.99") == 9999
    refused("vouchers.below_threshold", actor=vw.cashier, code=code, bill_fen=services.yuan_to_fen("99.99"),
            till_key="T1", now=SHOPPING)
    redemption, created = services.redeem(actor=vw.cashier, code=code, bill_fen=services.yuan_to_fen("100.00"),
                                          till_key="T2", now=SHOPPING)
    assert created and redemption.discount_fen == 3000 and redemption.bill_fen == 10000


@pytest.mark.parametrize(("face", "threshold"), [(50, 200), (100, 500)])
def test_each_threshold_one_fen_below_and_exactly(vw, wallet, face, threshold):
    code = wallet[face].code
    refused("vouchers.below_threshold", actor=vw.cashier, code=code, bill_fen=threshold * 100 - 1, till_key="A",
            now=SHOPPING)
    assert services.redeem(actor=vw.cashier, code=code, bill_fen=threshold * 100, till_key="B", now=SHOPPING)[1]


def test_validity_ends_seven_days_after_the_round_opens(vw, wallet):
    refused("vouchers.expired", actor=vw.cashier, code=wallet[30].code, bill_fen=10000, till_key="late",
            now=at(2021, 12, 10, 10))
    last_moment = at(2021, 12, 10, 9, 59, 59, 999999)
    assert services.redeem(actor=vw.cashier, code=wallet[30].code, bill_fen=10000, till_key="in-time",
                           now=last_moment)[1]


def test_a_retry_of_the_till_records_the_redemption_once(vw, wallet):
    first, created = services.redeem(actor=vw.cashier, code=wallet[30].code, bill_fen=12000, till_key="POS-9",
                                     now=SHOPPING)
    again, created_again = services.redeem(actor=vw.cashier, code=wallet[30].code, bill_fen=12000,
                                           till_key="POS-9", now=SHOPPING)
    assert created and not created_again and again.pk == first.pk
    assert Redemption.objects.count() == 1


def test_one_voucher_per_purchase_and_a_used_voucher_is_used(vw, wallet):
    services.redeem(actor=vw.cashier, code=wallet[30].code, bill_fen=60000, till_key="P1", now=SHOPPING)
    refused("vouchers.one_per_purchase", actor=vw.cashier, code=wallet[100].code, bill_fen=60000, till_key="P1",
            now=SHOPPING)
    refused("vouchers.already_redeemed", actor=vw.cashier, code=wallet[30].code, bill_fen=60000, till_key="P2",
            now=SHOPPING)


def test_only_cashiers_of_listed_merchants_redeem(vw, wallet):
    refused("vouchers.not_a_cashier", actor=vw.resident(2), code=wallet[30].code, bill_fen=10000, till_key="X",
            now=SHOPPING)
    vw.merchant.is_active = False
    vw.merchant.save()
    refused("vouchers.merchant_not_listed", actor=vw.cashier, code=wallet[30].code, bill_fen=10000, till_key="X",
            now=SHOPPING)
    refused("vouchers.not_found", actor=vw.other_cashier, code="0" * 20, bill_fen=10000, till_key="X", now=SHOPPING)


def test_bad_amounts_and_keys_are_refused():
    for text in ("99.999", "-1", "abc", "NaN", "Infinity", "1" * 40, ""):
        with pytest.raises(DomainError):
            services.yuan_to_fen(text)


def _redeemed(vw, wallet, bill=20000, key="R1"):
    return services.redeem(actor=vw.cashier, code=wallet[30].code, bill_fen=bill, till_key=key, now=SHOPPING)[0]


def test_a_full_refund_within_validity_restores_the_voucher_with_its_original_expiry(vw, wallet):
    redemption = _redeemed(vw, wallet)
    refund, created = services.refund(actor=vw.cashier, redemption_id=redemption.pk, amount_fen=20000,
                                      till_key="RF1", now=at(2021, 12, 9, 18))
    assert created and refund.restored_voucher
    voucher = Voucher.objects.get(pk=wallet[30].pk)
    assert voucher.status == VoucherStatus.UNUSED and voucher.expires_at == at(2021, 12, 10)
    again, created_again = services.refund(actor=vw.cashier, redemption_id=redemption.pk, amount_fen=20000,
                                           till_key="RF1", now=at(2021, 12, 9, 18))
    assert not created_again and again.pk == refund.pk
    # usable again, within the same validity
    assert services.redeem(actor=vw.cashier, code=voucher.code, bill_fen=10000, till_key="R2",
                           now=at(2021, 12, 9, 19))[1]


def test_a_partial_refund_does_not_restore(vw, wallet):
    redemption = _redeemed(vw, wallet)
    refund, _ = services.refund(actor=vw.cashier, redemption_id=redemption.pk, amount_fen=19999, till_key="RF1",
                                now=at(2021, 12, 9, 18))
    assert not refund.restored_voucher
    rest, _ = services.refund(actor=vw.cashier, redemption_id=redemption.pk, amount_fen=1, till_key="RF2",
                              now=at(2021, 12, 9, 18))
    assert not rest.restored_voucher  # two partial refunds add up to the bill: still not a full refund
    assert Voucher.objects.get(pk=wallet[30].pk).status == VoucherStatus.REDEEMED
    with pytest.raises(DomainError) as too_much:
        services.refund(actor=vw.cashier, redemption_id=redemption.pk, amount_fen=1, till_key="RF3",
                        now=at(2021, 12, 9, 18))
    assert too_much.value.code == "vouchers.refund_too_large"


def test_a_full_refund_after_the_validity_does_not_restore(vw, wallet):
    redemption = _redeemed(vw, wallet)
    refund, _ = services.refund(actor=vw.cashier, redemption_id=redemption.pk, amount_fen=20000, till_key="RF1",
                                now=at(2021, 12, 10, 10))
    assert not refund.restored_voucher
    assert Voucher.objects.get(pk=wallet[30].pk).status == VoucherStatus.REDEEMED


def test_another_merchant_cannot_refund_my_redemption(vw, wallet):
    redemption = _redeemed(vw, wallet)
    with pytest.raises(DomainError) as caught:
        services.refund(actor=vw.other_cashier, redemption_id=redemption.pk, amount_fen=20000, till_key="RF1",
                        now=at(2021, 12, 9, 18))
    assert caught.value.code == "vouchers.redemption_not_found"
