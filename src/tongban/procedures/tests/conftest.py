"""Procedures tests: the demo district with its issuer list, the 司法局 reviewer and helpers that
walk a 规范性文件 or a 重大行政决策 through its stages on given days."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tongban.procedures import services
from tongban.procedures.constants import DECISION_MATERIALS, EVALUATION_CONTENTS, NORM_MATERIALS
from tongban.workdays import add_working_days

SHANGHAI = ZoneInfo("Asia/Shanghai")
ALL_NORM_MATERIALS = [code for code, _, _ in NORM_MATERIALS]
ALL_DECISION_MATERIALS = [code for code, _, _ in DECISION_MATERIALS]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def user(db):
    from tongban.accounts.models import User
    from tongban.demo.district import load_demo_district
    from tongban.demo.procedures import load_procedures

    # Inside the test's transaction: a district committed for the whole session would collide with
    # the apps whose tests build their own regions and departments.
    load_demo_district()
    load_procedures()  # the issuer list and the 司法局 reviewer

    def load(username: str) -> User:
        return User.objects.select_related("department", "region").get(username=username)

    return load


@pytest.fixture
def unit(user):
    return user("shenpi")  # 区市场监管局: on the issuer list


@pytest.fixture
def reviewer(user):
    return user("sifa")  # 区司法局


@pytest.fixture
def leader(user):
    return user("lingdao")


def new_document(unit, *, on: date = date(2026, 3, 2), **flags):
    entry = services.submit_plan_entry(actor=unit, year=on.year, title="兰山区市场主体登记管理办法", now=at(on))
    return services.create_document(actor=unit, plan_entry_id=entry.pk, now=at(on), **flags)


def step(actor, document, action: str, on: date, **fields):
    return services.transition_document(actor=actor, document_id=document.pk,
                                        command=services.Command(action=action, **fields), now=at(on))


def to_legality_review(unit, document, *, start: date = date(2026, 3, 2)):
    """起草 → 征求意见 (the minimum period) → 公平竞争/合规审查 → 送审 with every material."""
    days = 30 if document.affects_enterprises else 20
    end = date.fromordinal(start.toordinal() + days - 1)
    document = step(unit, document, "open_consultation", start, comment_start=start, comment_end=end)
    after = date.fromordinal(end.toordinal() + 1)
    document = step(unit, document, "close_consultation", after)
    services.update_draft(actor=unit, document_id=document.pk, materials=ALL_NORM_MATERIALS,
                          fair_competition_conclusion="未发现排除、限制竞争情形", compliance_opinion="符合", now=at(after))
    return step(unit, document, "submit_for_review", after), after


def to_registered(unit, reviewer, leader, document):
    document, submitted = to_legality_review(unit, document)
    passed = add_working_days(submitted, 5)
    document = step(reviewer, document, "pass_legality", passed, opinion="合法")
    document = step(leader, document, "deliberate", passed, meeting="区政府第12次常务会议")
    return step(reviewer, document, "register", passed), passed


def walk_decision(actor_unit, reviewer, leader, decision, *, until: str, start: date = date(2026, 3, 2)):
    """A decision from the published catalogue through its stages, stopping after `until`."""
    end = date.fromordinal(start.toordinal() + 29)
    after = date.fromordinal(end.toordinal() + 1)
    plan = [
        (actor_unit, "start_participation", start, {"comment_start": start, "comment_end": end}),
        (actor_unit, "finish_participation", after, {"participation_summary": "收到意见12条，采纳8条",
                                                     "hearing_held_on": after}),
        (actor_unit, "record_experts", after, {"experts": [f"专家{i}" for i in range(7)], "expert_opinion": "可行"}),
        (actor_unit, "submit_for_review", after, {"risk_level": "medium", "risk_report": "中风险，已制定预案",
                                                  "materials": ALL_DECISION_MATERIALS}),
        (reviewer, "pass_legality", add_working_days(after, 7), {"opinion": "合法"}),
        (leader, "decide", add_working_days(after, 7), {"outcome": "agree", "majority_view": "agree"}),
        (actor_unit, "publish", add_working_days(after, 8), {}),
        (actor_unit, "file", add_working_days(after, 9), {}),
        (actor_unit, "archive", add_working_days(after, 10), {}),
        (actor_unit, "post_evaluate", date(2026, 12, 1), {
            "evaluation_triggers": ["deemed_necessary"],
            "evaluation": {code: "符合预期" for code, _ in EVALUATION_CONTENTS}}),
    ]
    for actor, action, day, fields in plan:
        decision = services.transition_decision(actor=actor, decision_id=decision.pk, now=at(day),
                                                command=services.DecisionCommand(action=action, **fields))
        if action == until:
            break
    return decision
