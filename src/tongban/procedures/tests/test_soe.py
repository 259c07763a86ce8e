"""国有企业担保 share rule and 责任追究 tiers: pure functions, every boundary of the seed."""

from datetime import date
from decimal import Decimal

import pytest

from tongban.procedures import services, soe

D = Decimal
TODAY = date(2026, 3, 2)


def check(stake, requested, *, debt=1000, net=10000, capital=10000, existing=0, counter=False, assets=()):
    return services.check_guarantee(stake_percent=D(stake), debt_amount=D(debt), requested_amount=D(requested),
                                    net_assets_held=D(net), capital_contributed=D(capital),
                                    existing_guaranteed=D(existing),
                                    counter_guarantee=counter, pledged_assets=assets, today=TODAY)


@pytest.mark.django_db
def test_35_percent_on_a_34_percent_stake_refused_without_counter_guarantee():
    result = check(34, 350)
    assert result.controlled and not result.allowed
    assert [code for code, _ in result.refusals] == ["soe_counter_guarantee_required"]
    assert result.allowed_amount == D(340)
    assert check(34, 350, counter=True).allowed


@pytest.mark.django_db
def test_exactly_the_stake_needs_no_counter_guarantee_one_yuan_over_does():
    assert check(34, 340).allowed
    assert not check(34, D("340.01")).allowed


@pytest.mark.django_db
def test_minority_holding_strictly_proportional_and_always_counter_guaranteed():
    result = check(D("33.99"), D("339.9"))
    assert not result.controlled and result.requires_counter_guarantee
    assert [code for code, _ in result.refusals] == ["soe_counter_guarantee_required"]
    assert check(D("33.99"), D("339.9"), counter=True).allowed
    over = check(D("33.99"), 340, counter=True)
    assert [code for code, _ in over.refusals] == ["soe_over_share"]


@pytest.mark.django_db
def test_cumulative_cap_net_assets_for_control_capital_for_minority():
    assert check(50, 500, net=D(600), existing=D(100)).allowed  # 100 + 500 = 600 exactly
    assert [c for c, _ in check(50, 500, net=D(600), existing=D("100.01")).refusals] == ["soe_over_cap"]
    # minority: capital 300 below net assets 1000 caps it
    assert [c for c, _ in check(20, 200, capital=D(150), net=D(1000), counter=True).refusals] == ["soe_over_cap"]
    # minority: net assets below capital cap it
    assert check(20, 200, capital=D(500), net=D(199), counter=True).room == D(199)


@pytest.mark.django_db
def test_forbidden_assets_never_pledged():
    result = check(60, 100, assets=("seized",))
    assert [code for code, _ in result.refusals] == ["soe_forbidden_asset"]
    assert len(soe.FORBIDDEN_ASSETS) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(("loss", "tier"), [(D("2999999.99"), "general"), (D("3000000"), "larger"),
                                            (D("29999999.99"), "larger"), (D("30000000"), "major")])
def test_loss_tiers(loss, tier):
    assert services.accountability_assessment(loss, "direct", TODAY)["tier"] == tier


@pytest.mark.django_db
@pytest.mark.parametrize(("tier_loss", "who", "low", "high"), [
    (D(1), "direct", 0, 50), (D(1), "leadership", 0, 30), (D(3000000), "supervising", 50, 100),
    (D(3000000), "leadership", 30, 70), (D(30000000), "direct", 100, 100), (D(30000000), "leadership", 70, 100)])
def test_pay_cut_ranges(tier_loss, who, low, high):
    found = services.accountability_assessment(tier_loss, who, TODAY)
    assert (found["pay_cut_min_percent"], found["pay_cut_max_percent"]) == (D(low), D(high))


@pytest.mark.django_db
def test_time_limits_in_working_days():
    # 2026-09-21 (Mon) + 10 working days: 9/22–24, 9/28–30, 10/8, 10/9, 10/10 (调休 Saturday), 10/12
    assert services.milestone_report_due(date(2026, 9, 21), TODAY) == date(2026, 10, 12)
    limits = services.accountability_deadlines(date(2026, 3, 2), TODAY)
    assert limits["investigation"] == date(2026, 9, 2)
    assert limits["appeal"] == date(2026, 3, 23)
