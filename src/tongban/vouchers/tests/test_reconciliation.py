"""Reconciliation to the fen, the command that proves it, the flags, the daily settlement."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tongban.vouchers import services
from tongban.vouchers.models import Claim, Voucher
from tongban.vouchers.reconciliation import flags, reconcile, settlement

from .conftest import at


@pytest.fixture
def busy(vw):
    first = services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))
    for n in range(1, 7):
        services.claim(actor=vw.resident(n), round_id=first.pk, device="phone-A" if n <= 6 else "", now=at(2021, 12, 3))
    codes = list(Voucher.objects.filter(face_fen=3000).order_by("pk").values_list("code", flat=True))
    for index, code in enumerate(codes[:4]):
        services.redeem(actor=vw.cashier, code=code, bill_fen=12000, till_key=f"S{index}", now=at(2021, 12, 4, 12))
    services.redeem(actor=vw.other_cashier, code=codes[4], bill_fen=10000, till_key="O1", now=at(2021, 12, 4, 13))
    full = services.redeem(actor=vw.cashier, code=Voucher.objects.get(claim__user__username="resident6",
                                                                       face_fen=5000).code,
                           bill_fen=20000, till_key="S9", now=at(2021, 12, 4, 14))[0]
    services.refund(actor=vw.cashier, redemption_id=full.pk, amount_fen=20000, till_key="RF", now=at(2021, 12, 4, 15))
    return vw


def test_the_campaign_reconciles_to_the_fen_while_running_and_after(busy):
    running = reconcile(busy.campaign, now=at(2021, 12, 5))
    assert running.ok, running.problems
    first = running.rounds[0]
    assert (first.issued_count, first.redeemed_fen, first.restored_count) == (18, 5 * 3000, 1)
    assert first.live_fen == 6 * 18000 - 5 * 3000 and first.unclaimed_fen == 150_0000_00 - 6 * 18000
    after = reconcile(busy.campaign, now=at(2022, 1, 1))
    assert after.ok and after.rounds[0].expired_fen == 6 * 18000 - 5 * 3000
    by_merchant = {m["name"]: (m["redeemed_n"], m["redeemed_fen"], m["restored_n"]) for m in after.merchants}
    assert by_merchant == {"兰山银座商城": (4, 12000, 1), "沂州饭店": (1, 3000, 0)}


def test_a_voucher_slipped_in_past_the_books_is_caught(busy):
    claim = Claim.objects.first()
    Voucher.objects.filter(pk=Voucher.objects.first().pk).update(status="redeemed")  # redeemed with no record
    result = reconcile(busy.campaign, now=at(2021, 12, 5))
    assert not result.ok and any("商户" in p for p in result.problems), result.problems
    assert claim is not None


def test_the_command_prints_the_books_and_fails_when_they_do_not_balance(busy):
    out = StringIO()
    call_command("reconcile_vouchers", busy.campaign.code, stdout=out)
    assert "对账平衡" in out.getvalue() and "第1轮" in out.getvalue()
    Voucher.objects.filter(pk=Voucher.objects.first().pk).update(face_fen=99999)
    with pytest.raises(CommandError):
        call_command("reconcile_vouchers", busy.campaign.code, stdout=StringIO(), stderr=StringIO())


def test_many_people_from_one_device_are_flagged_at_the_threshold_plus_one(busy):
    found = flags(busy.campaign, reconcile(busy.campaign, now=at(2021, 12, 5)), now=at(2021, 12, 5))
    assert [f.kind for f in found] == ["device"]  # 6 people > 5; merchants alone in their group are typical
    Claim.objects.filter(pk=Claim.objects.order_by("-pk").first().pk).update(device_key="")
    found = flags(busy.campaign, reconcile(busy.campaign, now=at(2021, 12, 5)), now=at(2021, 12, 5))
    assert found == []  # exactly 5: not flagged


def test_a_merchant_far_above_its_peers_is_flagged(vw):
    first = services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))
    peers = [services.add_merchant(campaign=vw.campaign, name=f"同类商户{n}", uscc=f"9137130200000010{n}X",
                                   sector="retail", tier="above_scale", actor=vw.staff, now=at(2021, 12, 3))
             for n in range(2)]
    from tongban.vouchers.models import Cashier
    from tongban.accounts.models import User
    tills = []
    for n, peer in enumerate(peers):
        user = User.objects.create(username=f"peer{n}", role="merchant")
        Cashier.objects.create(user=user, merchant=peer)
        tills.append(user)
    for n in range(1, 9):
        services.claim(actor=vw.resident(n), round_id=first.pk, now=at(2021, 12, 3))
    codes = list(Voucher.objects.filter(face_fen=3000).values_list("code", flat=True))
    for index, code in enumerate(codes[:6]):
        services.redeem(actor=vw.cashier, code=code, bill_fen=10000, till_key=f"M{index}", now=at(2021, 12, 4))
    for till, code in zip(tills, codes[6:8], strict=True):
        services.redeem(actor=till, code=code, bill_fen=10000, till_key="P", now=at(2021, 12, 4))
    found = flags(vw.campaign, reconcile(vw.campaign, now=at(2021, 12, 5)), now=at(2021, 12, 5))
    assert [(f.kind, f.label) for f in found] == [("merchant", "兰山银座商城")]  # 6 > 5 × median 1


def test_the_daily_settlement_of_a_merchant(busy):
    statement = settlement(busy.merchant, at(2021, 12, 4).date())
    assert len(statement.redemptions) == 5 and statement.redeemed_fen == 4 * 3000 + 5000
    assert statement.restored_fen == 5000 and statement.due_fen == 4 * 3000
    assert settlement(busy.merchant, at(2021, 12, 5).date()).due_fen == 0
