"""set_override: values checked against the registry (type, bounds, choices, scopes), audited."""

from datetime import date

import pytest

from tongban.audit.models import AuditEntry
from tongban.core.errors import Forbidden, InvalidInput
from tongban.rules import rule_value
from tongban.rules.models import RuleOverride, RuleRevision
from tongban.rules.services import set_override

from .conftest import NOW

ON = date(2026, 3, 1)


def _refusal(rw, code, value, *, actor=None, **scope) -> InvalidInput:
    scope = scope or {"region": rw.district}
    with pytest.raises(InvalidInput) as caught:
        set_override(code, value=value, effective_from=ON, reason="考核方案", actor=actor or rw.admin, now=NOW,
                     **scope)
    assert not RuleOverride.objects.exists()
    return caught.value


@pytest.mark.parametrize(("code", "value", "message"), [
    ("case.yellow_card_working_days", "abc", "取值应为整数。"),
    ("case.yellow_card_working_days", "2.5", "取值应为整数。"),
    ("case.yellow_card_working_days", "", "取值不能为空，应为数字。"),
    ("case.yellow_card_working_days", "31", "取值不能大于 30个工作日。"),
    ("case.yellow_card_working_days", "-1", "取值不能小于 0个工作日。"),
    ("hotline.duplicate_similarity", "100.5", "取值不能大于 100%。"),
    ("hotline.duplicate_similarity", "50.123", "取值最多保留两位小数。"),
    ("case.waiver_consequence", "delete", "取值应为以下之一：中止办理（suspend）、终止办理（terminate）。"),
    ("rating.rectification_working_days", "4:10", "缺少以下各项的取值：非常不满意。"),
    ("rating.rectification_working_days", "4:10,5:5,3:1", "未知的项：3；应为 4、5。"),
    ("rating.rectification_working_days", "4:10,5:0", "“非常不满意”的取值不能小于 1个工作日。"),
])
def test_bad_values_are_refused_with_a_chinese_message_on_the_value_field(rules_world, code, value, message):
    error = _refusal(rules_world, code, value)
    assert [(e.field, e.message) for e in error.errors] == [("value", message)]


def test_boundaries_of_a_bounded_rule_are_allowed(rules_world):
    rw = rules_world
    for value, on in ((0, date(2026, 3, 1)), (30, date(2026, 3, 2))):
        set_override("case.yellow_card_working_days", value=str(value), effective_from=on, reason="x",
                     actor=rw.admin, now=NOW, region=rw.district)
    assert rule_value("case.yellow_card_working_days", on=date(2026, 3, 1)) == 0
    assert rule_value("case.yellow_card_working_days", on=date(2026, 3, 2)) == 30


def test_a_scope_the_rule_does_not_allow_is_refused(rules_world):
    error = _refusal(rules_world, "hotline.duplicate_days", 10, department=rules_world.market)
    assert error.errors[0].field == "scope"
    assert "只能按区设置" in error.errors[0].message


def test_a_village_cannot_carry_an_override(rules_world):
    error = _refusal(rules_world, "case.yellow_card_working_days", 3, region=rules_world.village)
    assert error.errors[0].field == "region"


def test_reason_and_date_are_required(rules_world):
    rw = rules_world
    with pytest.raises(InvalidInput) as caught:
        set_override("case.yellow_card_working_days", value=3, effective_from=None, reason=" ", actor=rw.admin,
                     now=NOW, region=rw.district)
    assert {e.field for e in caught.value.errors} == {"effective_from", "reason"}


def test_only_admins_and_supervisors_of_the_region_may_set(rules_world):
    rw = rules_world
    with pytest.raises(Forbidden):
        set_override("case.yellow_card_working_days", value=3, effective_from=ON, reason="x", actor=rw.clerk,
                     now=NOW, region=rw.district)
    with pytest.raises(Forbidden):  # a town's supervisor may not set the district's value
        set_override("case.yellow_card_working_days", value=3, effective_from=ON, reason="x",
                     actor=rw.town_supervisor, now=NOW, region=rw.district)
    set_override("case.yellow_card_working_days", value=3, effective_from=ON, reason="x",
                 actor=rw.town_supervisor, now=NOW, region=rw.town)
    set_override("case.yellow_card_working_days", value=4, effective_from=ON, reason="x",
                 actor=rw.supervisor, now=NOW, department=rw.market)
    assert RuleOverride.objects.count() == 2


def test_every_change_is_audited_with_before_and_after(rules_world):
    rw = rules_world
    revision = RuleRevision.objects.get(pk=1).number
    override = set_override("case.yellow_card_working_days", value="3", effective_from=ON, reason="考核方案",
                            actor=rw.supervisor, now=NOW, region=rw.town)
    set_override("case.yellow_card_working_days", value="4", effective_from=ON, reason="更正",
                 actor=rw.supervisor, now=NOW, region=rw.town)  # same scope and day: replaces the value
    assert RuleOverride.objects.get() == override
    entries = list(AuditEntry.objects.filter(action="rule.override_set").order_by("sequence"))
    assert [(e.before["value"], e.after["value"]) for e in entries] == [(2, 3), (3, 4)]
    assert entries[1].after["reason"] == "更正"
    assert RuleRevision.objects.get(pk=1).number == revision + 2
    assert rule_value("case.yellow_card_working_days", on=ON, region=rw.town) == 4
