"""重大行政决策: from the published catalogue to 后评估; each gate refuses and names what is missing."""

from datetime import date

import pytest

from tongban.accounts.models import Department, Region
from tongban.audit.models import AuditEntry
from tongban.procedures import services
from tongban.procedures.services import DecisionCommand
from tongban.workdays import add_working_days

from .conftest import ALL_DECISION_MATERIALS, at, walk_decision
from .test_norms import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(reviewer):
    district = Region.objects.get(name="兰山区")
    market = Department.objects.get(name="区市场监管局")
    decision = services.add_to_catalogue(actor=reviewer, region=district, year=2026, title="城区农贸市场布局调整",
                                         undertaker=market, hearing_required=True, now=at(date(2026, 2, 2)))
    services.publish_catalogue(actor=reviewer, region=district, year=2026, now=at(date(2026, 2, 3)))
    return decision


def go(actor, decision, action, day, **fields):
    return services.transition_decision(actor=actor, decision_id=decision.pk, now=at(day),
                                        command=DecisionCommand(action=action, **fields))


def test_from_catalogue_to_post_evaluation(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="post_evaluate")
    assert decision.status == "evaluated" and decision.outcome == "agree" and len(decision.experts) == 7
    actions = list(AuditEntry.objects.filter(stream=f"procedures.majordecision:{decision.pk}")
                   .order_by("sequence").values_list("action", flat=True))
    assert actions[0] == "procedures.decision.create" and actions[-1] == "procedures.decision.post_evaluate"


def test_a_decision_outside_a_published_catalogue_does_not_start(unit, reviewer):
    district = Region.objects.get(name="兰山区")
    decision = services.add_to_catalogue(actor=reviewer, region=district, year=2027, title="未公布目录事项",
                                         undertaker=unit.department, now=at(date(2026, 3, 1)))
    with refused("catalogue_unpublished"):
        go(unit, decision, "start_participation", date(2026, 3, 2), comment_start=date(2026, 3, 2),
           comment_end=date(2026, 4, 30))


@pytest.mark.parametrize(("days", "ok"), [(29, False), (30, True)])
def test_public_comment_at_least_thirty_days(unit, decision, days, ok):
    start = date(2026, 3, 2)
    end = date.fromordinal(start.toordinal() + days - 1)
    if ok:
        assert go(unit, decision, "start_participation", start, comment_start=start, comment_end=end).status \
            == "participation"
    else:
        with refused("comment_period_too_short"):
            go(unit, decision, "start_participation", start, comment_start=start, comment_end=end)


def test_hearing_required_when_triggered(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="start_participation")
    with refused("hearing_missing"):
        go(unit, decision, "finish_participation", date(2026, 4, 2), participation_summary="意见12条")


@pytest.mark.parametrize(("complex_", "experts", "ok"), [(False, 4, False), (False, 5, True),
                                                          (True, 6, False), (True, 7, True)])
def test_expert_panel_size(unit, reviewer, leader, decision, complex_, experts, ok):
    type(decision).objects.filter(pk=decision.pk).update(complex=complex_)
    decision = walk_decision(unit, reviewer, leader, decision, until="finish_participation")
    names = [f"专家{i}" for i in range(experts)]
    if ok:
        go(unit, decision, "record_experts", date(2026, 4, 2), experts=names, expert_opinion="可行")
    else:
        with refused("experts_too_few"):
            go(unit, decision, "record_experts", date(2026, 4, 2), experts=names, expert_opinion="可行")


def test_risk_level_and_materials_before_legality_review(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="record_experts")
    with refused("risk_level_missing"):
        go(unit, decision, "submit_for_review", date(2026, 4, 2), risk_report="报告", materials=ALL_DECISION_MATERIALS)
    with refused("materials_missing") as refusal:
        go(unit, decision, "submit_for_review", date(2026, 4, 2), risk_level="low", risk_report="报告",
           materials=["draft"])
    assert "风险评估报告" in refusal.error.message


def test_legality_review_at_least_seven_working_days(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="submit_for_review")
    submitted = decision.legality_submitted_on
    with refused("legality_period_running"):
        go(reviewer, decision, "pass_legality", add_working_days(submitted, 6), opinion="合法")
    assert go(reviewer, decision, "pass_legality", add_working_days(submitted, 7), opinion="合法").status \
        == "deliberation"


def test_head_overruling_the_majority_gives_reasons(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="pass_legality")
    day = add_working_days(decision.legality_submitted_on, 8)
    with refused("head_reasons_missing"):
        go(leader, decision, "decide", day, outcome="agree", majority_view="disagree")
    decision = go(leader, decision, "decide", day, outcome="agree_in_principle", majority_view="disagree",
                  head_reasons="群众诉求迫切，原则同意并按意见修改")
    assert decision.status == "decided" and decision.head_reasons


def test_high_risk_needs_controls_and_disagree_ends_it(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="pass_legality")
    type(decision).objects.filter(pk=decision.pk).update(risk_level="high")
    day = add_working_days(decision.legality_submitted_on, 8)
    with refused("risk_uncontrolled"):
        go(leader, decision, "decide", day, outcome="agree", majority_view="agree")
    assert go(leader, decision, "reject", day, outcome="disagree", majority_view="disagree").status == "rejected"


def test_post_evaluation_needs_a_trigger_and_all_seven_contents(unit, reviewer, leader, decision):
    decision = walk_decision(unit, reviewer, leader, decision, until="archive")
    with refused("evaluation_trigger_missing"):
        go(unit, decision, "post_evaluate", date(2026, 12, 1), evaluation={})
    with refused("evaluation_incomplete") as refusal:
        go(unit, decision, "post_evaluate", date(2026, 12, 1), evaluation_triggers=["many_opinions"],
           evaluation={"purpose": "符合"})
    assert "近期效益和长远影响" in refusal.error.message
