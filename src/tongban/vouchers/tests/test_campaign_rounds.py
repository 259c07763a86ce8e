"""The campaign as data (seed 002) and the 25 % rule across rounds with expired vouchers rolled over."""

from tongban.vouchers import services
from tongban.vouchers.models import Stock, Voucher
from tongban.vouchers.reconciliation import reconcile

from .conftest import at


def test_the_seed_campaign_budget_rounds_and_denominations(vw):
    campaign = vw.campaign
    assert campaign.budget_fen == 600_0000_00  # 600万元 = 区 500万 + 银联 100万
    assert sorted(f.amount_fen for f in campaign.fundings.all()) == [100_0000_00, 500_0000_00]
    assert [(d.face_fen, d.threshold_fen) for d in campaign.denominations.all()] == [
        (10000, 50000), (5000, 20000), (3000, 10000)]
    rounds = list(campaign.rounds.order_by("number"))
    assert [r.opens_at for r in rounds] == [at(2021, 12, 3), at(2021, 12, 10), at(2021, 12, 17), at(2021, 12, 24)]
    assert all(r.opens_at.weekday() == 4 for r in rounds)  # Fridays, 10:00
    assert [r.valid_until for r in rounds] == [at(2021, 12, 10), at(2021, 12, 17), at(2021, 12, 24), at(2021, 12, 31)]
    assert [r.base_fen for r in rounds] == [150_0000_00] * 4  # 25 % each


def test_a_round_is_not_released_before_10_00_on_its_friday(vw):
    first = vw.campaign.rounds.get(number=1)
    try:
        services.release_round(first.pk, actor=vw.staff, now=at(2021, 12, 3, 9, 59, 59))
        raise AssertionError("released early")
    except Exception as refused:
        assert getattr(refused, "code", "") == "vouchers.round_not_open"
    released = services.release_round(first.pk, actor=vw.staff, now=at(2021, 12, 3, 10))
    sets = 150_0000_00 // 18000
    assert released.release_fen == 150_0000_00 and released.rollover_fen == 0
    for face in (10000, 5000, 3000):
        stock = Stock.objects.filter(round=released, denomination__face_fen=face)
        assert sum(s.total for s in stock) == sets == sum(s.remaining for s in stock)


def test_each_round_releases_25_percent_plus_what_the_previous_round_left_unused(vw):
    first = services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))
    residents = [vw.resident(n) for n in range(1, 4)]
    for person in residents:
        services.claim(actor=person, round_id=first.pk, now=at(2021, 12, 3, 10, 0, 1))
    code = Voucher.objects.filter(claim__user=residents[0], face_fen=10000).get().code
    services.redeem(actor=vw.cashier, code=code, bill_fen=50000, till_key="T1", now=at(2021, 12, 9, 20))
    # one voucher of 100 used; two sets of 180 and one 80 expire unused; the unclaimed stock too
    second = services.release_round(vw.campaign.rounds.get(number=2).pk, actor=vw.staff, now=at(2021, 12, 10))
    assert second.rollover_fen == 150_0000_00 - 10000
    assert second.release_fen == 150_0000_00 + 150_0000_00 - 10000
    assert second.release_fen >= vw.campaign.budget_fen * 25 // 100
    expired = reconcile(vw.campaign, now=at(2021, 12, 10)).rounds[0]
    assert (expired.expired_fen, expired.redeemed_fen, expired.live_fen) == (3 * 18000 - 10000, 10000, 0)
    # releasing round 4 first releases the rounds before it, each with its rollover
    fourth = services.release_round(vw.campaign.rounds.get(number=4).pk, actor=vw.staff, now=at(2021, 12, 24))
    assert fourth.release_fen == 600_0000_00 - 10000  # everything not used so far comes round to the last
    result = reconcile(vw.campaign, now=at(2022, 1, 1))
    assert result.ok, result.problems


def test_a_round_cannot_open_while_the_previous_is_still_valid(vw):
    services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))
    second = vw.campaign.rounds.get(number=2)
    second.opens_at = at(2021, 12, 9)
    second.save()
    try:
        services.release_round(second.pk, actor=vw.staff, now=at(2021, 12, 9, 12))
        raise AssertionError("released while round 1 still valid")
    except Exception as refused:
        assert getattr(refused, "code", "") == "vouchers.round_not_open"
