"""Every declared rule is well-formed: its default passes its own checks, it names its source."""

import pytest

from tongban.rules.registry import RULES_BY_CODE, Rule, declare
from tongban.rules.values import clean, stored, typed

RULES = list(RULES_BY_CODE.values())


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_the_default_is_a_valid_value_and_survives_storage(rule):
    assert rule.label and rule.source
    if rule.default is None:
        return
    as_stored = stored(rule, rule.default)
    assert clean(rule, as_stored) == as_stored
    assert typed(rule, as_stored) == rule.default


def test_a_rule_is_declared_once():
    with pytest.raises(ValueError):
        declare(Rule(code="case.yellow_card_working_days", label="重复", kind="count", unit="", default=1,
                     source="x"))


def test_a_mapping_without_keys_is_refused():
    with pytest.raises(ValueError):
        Rule(code="x.y", label="对照", kind="mapping", unit="", default={}, source="x")
