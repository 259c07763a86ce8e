"""Seed 002, row by row: a given profile and declared figures get exactly the seed's amount.

Pure tests of tongban.policies.rules_engine on the demo's rule documents (no database).
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongban.demo.policies import GONGYE_PROGRAMS, LIVE_PROGRAMS
from tongban.policies import rules_engine as engine

PROGRAMS = {program["code"]: program for program in [*GONGYE_PROGRAMS, *LIVE_PROGRAMS]}

MANUFACTURER = {"industry": "manufacturing", "size": "above_scale", "in_district": True, "serious_dishonesty": False,
                "history": [], "titles": [], "first_time_above_scale": True, "district_output_growth_pct": "8.5",
                "mu_efficiency_grade": "A"}
LIVE_FIRM = {"industry": "live_commerce", "size": "small", "in_district": True, "serious_dishonesty": False,
             "history": [], "titles": []}


def run(code: str, declared: dict | None = None, *, profile: dict | None = None, review: dict | None = None):
    document = engine.validate(PROGRAMS[code]["rules"])
    facts = {"profile": profile if profile is not None else (MANUFACTURER if code.startswith("gy") else LIVE_FIRM),
             "declared": engine.parse_declared(document, declared or {}), "review": review or {}}
    return engine.evaluate(document, facts)


def yuan_of(code: str, declared: dict | None = None, **kwargs) -> Decimal | None:
    result = run(code, declared, **kwargs)
    return result.amount if result.eligible else None


def test_every_demo_document_is_valid():
    for program in PROGRAMS.values():
        engine.validate(program["rules"])


# ---- 工业 fund (临兰政发〔2021〕2号) ---------------------------------------------------------

@pytest.mark.parametrize(("rank", "expected"), [(1, "1000000"), (2, "500000"), (4, "500000"), (5, "200000"),
                                                 (10, "200000")])
def test_benchmark_ranks_1x100_3x50_6x20(rank, expected):
    assert yuan_of("gy-benchmark", {"annual_investment_yuan": "50000000"}, review={"rank": rank}) == Decimal(expected)


def test_benchmark_rank_11_gets_nothing_and_investment_boundary():
    assert yuan_of("gy-benchmark", {"annual_investment_yuan": "50000000"}, review={"rank": 11}) is None
    assert run("gy-benchmark", {"annual_investment_yuan": "49999999.99", "strategic_emerging": False}).eligible is False
    assert run("gy-benchmark", {"annual_investment_yuan": "49999999.99"}).eligible is None  # not yet declared
    # 战略性新兴产业项目可适当放宽
    assert run("gy-benchmark", {"annual_investment_yuan": "30000000", "strategic_emerging": True}).eligible is True
    # the rank is not set before the 评选: eligible, amount pending
    pending = run("gy-benchmark", {"annual_investment_yuan": "60000000"})
    assert pending.eligible is True and pending.amount is None


def test_upgrade_5_percent_boundaries_and_cap():
    assert run("gy-upgrade", {"equipment_investment_yuan": "9999999"}).eligible is False
    assert yuan_of("gy-upgrade", {"equipment_investment_yuan": "10000000"}) == Decimal("500000")
    assert yuan_of("gy-upgrade", {"equipment_investment_yuan": "200000000"}) == Decimal("10000000")  # cap exactly
    over = run("gy-upgrade", {"equipment_investment_yuan": "200000020"})  # 5% = 10,000,001
    assert over.amount == Decimal("10000000") and over.capped
    assert yuan_of("gy-upgrade", {"equipment_investment_yuan": "12345678.91"}) == Decimal("617283.94")  # fen, down


def test_upgrade_not_with_loan_interest():
    profile = {**MANUFACTURER, "history": ["tech_loan_interest"]}
    result = run("gy-upgrade", {"equipment_investment_yuan": "20000000"}, profile=profile)
    assert result.eligible is False and "未享受重点技术改造项目贷款贴息" in result.failed


def test_scale_up_5_wan_over_district_average():
    figures = {"next_year_output_yuan": "100000000", "output_growth_pct": "8.51"}
    assert yuan_of("gy-scale-up", figures) == Decimal("50000")
    assert run("gy-scale-up", {**figures, "output_growth_pct": "8.5"}).eligible is False  # equal is not higher
    assert run("gy-scale-up", {**figures, "next_year_output_yuan": "99999999.99"}).eligible is False
    assert run("gy-scale-up", figures, profile={**MANUFACTURER, "first_time_above_scale": False}).eligible is False


@pytest.mark.parametrize(("revenue", "previous", "expected"), [
    ("500000000", "0", "100000"), ("999999999", "0", "100000"), ("1000000000", "600000000", "200000"),
    ("3000000000", "0", "300000"), ("5000000000", "0", "500000"), ("10000000000", "9000000000", "1000000"),
])
def test_revenue_first_crossing_tiers(revenue, previous, expected):
    assert yuan_of("gy-revenue", {"revenue_yuan": revenue, "previous_max_revenue_yuan": previous}) == Decimal(expected)


def test_revenue_below_5yi_or_tier_already_reached_gets_nothing():
    assert run("gy-revenue", {"revenue_yuan": "499999999.99", "previous_max_revenue_yuan": "0"}).eligible is False
    assert run("gy-revenue", {"revenue_yuan": "800000000", "previous_max_revenue_yuan": "500000000"}).eligible is False
    assert run("gy-revenue", {"revenue_yuan": "800000000", "previous_max_revenue_yuan": "0"},
               profile={**MANUFACTURER, "size": "small"}).eligible is False


@pytest.mark.parametrize(("code", "declared", "expected"), [
    ("gy-digital", {"project_kind": "5g", "level": "national"}, "500000"),
    ("gy-digital", {"project_kind": "digital_factory", "level": "provincial"}, "200000"),
    ("gy-unicorn", {"title": "unicorn"}, "1000000"),
    ("gy-unicorn", {"title": "little_giant"}, "500000"),
    ("gy-champion", {"title": "single_champion", "level": "national"}, "500000"),
    ("gy-champion", {"title": "gazelle", "level": "provincial"}, "200000"),
    ("gy-green", {"level": "national"}, "500000"),
    ("gy-green", {"level": "provincial"}, "200000"),
    ("gy-green", {"level": "municipal"}, "50000"),
    ("gy-green-product", {}, "50000"),
])
def test_recognition_awards(code, declared, expected):
    assert yuan_of(code, declared) == Decimal(expected)


def test_integration_and_mu_efficiency_from_government_data():
    assert yuan_of("gy-integration", profile={**MANUFACTURER, "titles": ["two_integration_certified"]}) == Decimal("150000")
    assert run("gy-integration").eligible is False
    assert yuan_of("gy-mu-efficiency") == Decimal("30000")
    assert run("gy-mu-efficiency", profile={**MANUFACTURER, "mu_efficiency_grade": "B"}).eligible is False


def test_same_category_highest_once():
    """从优、从高、同类别不重复: 小巨人 (50万) and 省级瞪羚 (20万) in one category → 50万 once."""
    candidates = [engine.Candidate("gy-champion", "gy.innovation", Decimal("200000")),
                  engine.Candidate("gy-unicorn", "gy.innovation", Decimal("500000")),
                  engine.Candidate("gy-green", "gy.green", Decimal("50000"))]
    chosen = engine.best_per_category(candidates)
    assert [(c.program, c.amount) for c in chosen] == [("gy-unicorn", Decimal("500000")), ("gy-green", Decimal("50000"))]


def test_no_stacking_where_excluded():
    chosen = engine.best_per_category([
        engine.Candidate("a", "x", Decimal("100"), excludes=frozenset({"b"})), engine.Candidate("b", "y", Decimal("50"))])
    assert [c.program for c in chosen] == ["a"]


# ---- 直播电商 (临兰政办发〔2021〕25号) -------------------------------------------------------

@pytest.mark.parametrize(("rank", "expected"), [(1, "300000"), (3, "300000"), (4, "200000"), (6, "200000"),
                                                 (7, "100000"), (10, "100000")])
def test_anchor_ranks(rank, expected):
    assert yuan_of("ds-anchor", {"anchor_age": 18}, review={"rank": rank}) == Decimal(expected)


def test_anchor_age_and_rank_11():
    assert run("ds-anchor", {"anchor_age": 17}).eligible is False
    assert yuan_of("ds-anchor", {"anchor_age": 30}, review={"rank": 11}) is None


NEW_BASE = {"area_sqm": "20000", "rooms": 100}


@pytest.mark.parametrize(("investment", "expected"), [
    ("100000000", "1000000"), ("199999999", "1000000"), ("300000000", "3000000"), ("500000000", "5000000"),
    ("600000000", "5000000"),
])
def test_new_base_per_yi_capped_at_500_wan(investment, expected):
    assert yuan_of("ds-base-new", {**NEW_BASE, "investment_yuan": investment}) == Decimal(expected)


def test_new_base_thresholds():
    assert run("ds-base-new", {**NEW_BASE, "investment_yuan": "99999999"}).eligible is False  # 0 whole units
    assert run("ds-base-new", {**NEW_BASE, "rooms": 99, "investment_yuan": "1e8"}).eligible is False
    assert run("ds-base-new", {**NEW_BASE, "area_sqm": "19999.99", "investment_yuan": "100000000"}).eligible is False


RUNNING = {"area_sqm": "25000", "rooms": 20, "organisations": 20, "active_anchors": 51, "annual_sales_yuan": "1000000000"}


def test_running_base_10_yuan_per_sqm_capped_at_30_wan():
    assert yuan_of("ds-base-running", RUNNING) == Decimal("250000")
    assert yuan_of("ds-base-running", {**RUNNING, "area_sqm": "20000"}) == Decimal("200000")
    exactly = run("ds-base-running", {**RUNNING, "area_sqm": "30000"})
    assert exactly.amount == Decimal("300000") and not exactly.capped
    over = run("ds-base-running", {**RUNNING, "area_sqm": "30000.10"})  # 300,001 元 → the cap
    assert over.amount == Decimal("300000") and over.capped


@pytest.mark.parametrize("change", [{"area_sqm": "19999.99"}, {"rooms": 19}, {"organisations": 19},
                                    {"active_anchors": 50}, {"annual_sales_yuan": "999999999.99"}])
def test_running_base_thresholds(change):
    assert run("ds-base-running", {**RUNNING, **change}).eligible is False


def test_running_base_refused_with_serious_dishonesty():
    result = run("ds-base-running", RUNNING, profile={**LIVE_FIRM, "serious_dishonesty": True})
    assert result.eligible is False and "当年度信用记录无严重失信行为" in result.failed


MARKET = {"live_area_sqm": "1000", "rooms": 5, "active_anchors": 11, "annual_sales_yuan": "100000000"}


def test_market_30_yuan_per_sqm_capped_at_10_wan():
    assert yuan_of("ds-market", MARKET) == Decimal("30000")
    assert yuan_of("ds-market", {**MARKET, "live_area_sqm": "3333.33"}) == Decimal("99999.90")
    assert yuan_of("ds-market", {**MARKET, "live_area_sqm": "3333.34"}) == Decimal("100000")  # 100,000.20 → cap
    assert run("ds-market", {**MARKET, "active_anchors": 10}).eligible is False
    assert run("ds-market", {**MARKET, "live_area_sqm": "999.99"}).eligible is False


def test_service_provider_1000_per_firm_capped_at_20_wan():
    assert run("ds-service-provider", {"served_firms": 29}).eligible is False
    assert yuan_of("ds-service-provider", {"served_firms": 30}) == Decimal("30000")
    assert yuan_of("ds-service-provider", {"served_firms": 200}) == Decimal("200000")
    assert yuan_of("ds-service-provider", {"served_firms": 201}) == Decimal("200000")


def test_training_100_per_trainee_capped_at_10_wan():
    assert run("ds-training", {"trainees": 999}).eligible is False
    assert yuan_of("ds-training", {"trainees": 1000}) == Decimal("100000")
    assert run("ds-training", {"trainees": 1001}).capped


@pytest.mark.parametrize(("declared", "expected"), [
    ({"anchors_500m": 1, "anchors_50m": 1, "anchors_10m": 1}, "200000"),
    ({"anchors_500m": 0, "anchors_50m": 5, "anchors_10m": 5}, "100000"),
    ({"anchors_500m": 0, "anchors_50m": 4, "anchors_10m": 4}, "40000"),
    ({"anchors_500m": 0, "anchors_50m": 0, "anchors_10m": 10}, "100000"),
    ({"anchors_500m": 0, "anchors_50m": 0, "anchors_10m": 11}, "100000"),
    ({"anchors_10m": 3}, "30000"),
])
def test_mcn_tiers_highest_applies(declared, expected):
    assert yuan_of("ds-mcn", declared) == Decimal(expected)


def test_selection_center_and_producer():
    assert yuan_of("ds-selection-center", {"months_operating": 12, "served_firms": 100}) == Decimal("50000")
    assert run("ds-selection-center", {"months_operating": 11, "served_firms": 100}).eligible is False
    assert run("ds-selection-center", {"months_operating": 12, "served_firms": 99}).eligible is False
    assert run("ds-producer", {"live_sales_yuan": "999999.99"}).eligible is False
    assert yuan_of("ds-producer", {"live_sales_yuan": "1000000"}) == Decimal("20000")
    assert yuan_of("ds-producer", {"live_sales_yuan": "2999999"}) == Decimal("40000")
    assert yuan_of("ds-producer", {"live_sales_yuan": "50000000"}) == Decimal("1000000")
    assert run("ds-producer", {"live_sales_yuan": "51000000"}).capped


@pytest.mark.parametrize(("cost", "provincial", "expected"), [
    ("500000", False, "100000"), ("500005", False, "100000"), ("100000", False, "20000"),
    ("10000000", True, "2000000"), ("10000005", True, "2000000"), ("600000", True, "120000"),
])
def test_event_20_percent_caps(cost, provincial, expected):
    assert yuan_of("ds-event", {"cost_yuan": cost, "provincial_influence": provincial}) == Decimal(expected)


# ---- the language itself ---------------------------------------------------------------------

def test_floats_refused_in_rules_and_figures():
    with pytest.raises(engine.RuleError):
        engine.validate({"amount": {"type": "fixed", "yuan": 1.5}})
    document = engine.validate(PROGRAMS["ds-training"]["rules"])
    with pytest.raises(engine.FactError):
        engine.parse_declared(document, {"trainees": 1000.0})
    with pytest.raises(engine.FactError):
        engine.parse_declared(document, {"trainees": "abc"})
    with pytest.raises(engine.FactError):
        engine.parse_declared(document, {"trainees": "-5"})


@pytest.mark.parametrize("document", [
    {},
    {"amount": {"type": "nope"}},
    {"amount": {"type": "per_unit", "fact": "declared.x", "yuan_per_unit": "1"}},  # x not an input
    {"inputs": [{"name": "x", "label": "X"}], "amount": {"type": "proportional", "fact": "declared.x", "percent": "150"}},
    {"amount": {"type": "tiers", "fact": "profile.r", "tiers": [{"min": "10", "yuan": "1"}, {"min": "5", "yuan": "2"}]}},
    {"amount": {"type": "ranked", "fact": "review.rank", "ranks": [{"from": 2, "to": 3, "yuan": "1"}]}},
    {"eligibility": {"fact": "profile.x", "op": "~", "value": 1}, "amount": {"type": "fixed", "yuan": "1"}},
    {"eligibility": {"fact": "other.x", "op": "==", "value": 1}, "amount": {"type": "fixed", "yuan": "1"}},
    {"amount": {"type": "fixed", "yuan": "-1"}},
])
def test_invalid_documents_are_refused_with_a_path(document):
    with pytest.raises(engine.RuleError) as error:
        engine.validate(document)
    assert error.value.problems and all(path and message for path, message in error.value.problems)


# ---- properties: never beyond a cap or the budget ----------------------------------------------

CAPPED = [(code, program) for code, program in PROGRAMS.items()
          if engine.upper_bound(program["rules"]["amount"]) is not None]
figures = st.decimals(min_value=0, max_value=Decimal("1e10"), places=2, allow_nan=False, allow_infinity=False)


def test_every_seed_program_has_a_ceiling():
    assert len(CAPPED) == len(PROGRAMS)
    assert engine.upper_bound(PROGRAMS["ds-event"]["rules"]["amount"]) == Decimal("2000000")
    assert engine.upper_bound(PROGRAMS["ds-mcn"]["rules"]["amount"]) == Decimal("200000")


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from([code for code, _p in CAPPED]), value=figures, flag=st.booleans())
def test_amount_never_exceeds_the_largest_cap(code, value, flag):
    program = PROGRAMS[code]
    document = engine.validate(program["rules"])
    declared = {}
    for spec in document.get("inputs", []):
        kind = spec.get("kind", "decimal")
        if kind == "choice":
            declared[spec["name"]] = spec["choices"][0][0]
        else:
            declared[spec["name"]] = flag if kind == "bool" else int(value) if kind == "integer" else str(value)
    facts = {"profile": LIVE_FIRM | MANUFACTURER, "declared": engine.parse_declared(document, declared), "review": {}}
    result = engine.evaluate(document, facts)
    if result.amount is not None:
        assert Decimal(0) <= result.amount <= engine.upper_bound(document["amount"])
        assert result.amount == result.amount.quantize(Decimal("0.01"))


@settings(max_examples=300, deadline=None)
@given(requests=st.lists(st.integers(min_value=0, max_value=10**10), max_size=30),
       budget=st.integers(min_value=0, max_value=10**11), mode=st.sampled_from(["pro_rata", "ranking"]))
def test_allocation_never_exceeds_budget_nor_request(requests, budget, mode):
    keyed = list(enumerate(requests))
    granted = engine.allocate(keyed, budget, mode)
    assert sum(granted.values()) <= budget
    assert all(0 <= granted[key] <= fen for key, fen in keyed)
    if sum(requests) <= budget:
        assert granted == dict(keyed)


def test_pro_rata_and_ranking_when_oversubscribed():
    assert engine.allocate([("a", 600), ("b", 400)], 500, "pro_rata") == {"a": 300, "b": 200}
    assert engine.allocate([("a", 600), ("b", 400), ("c", 100)], 700, "ranking") == {"a": 600, "b": 0, "c": 100}
