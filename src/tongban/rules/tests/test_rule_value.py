"""rule_value: nearest scope wins, the latest effective date ≤ the day wins, typed values, no stale reads."""

from datetime import date
from decimal import Decimal

import pytest

from tongban.rules import book, rule_value
from tongban.rules.models import RuleOverride, RuleRevision
from tongban.rules.services import set_override

from .conftest import NOW

YELLOW = "case.yellow_card_working_days"


def _set(rw, code=YELLOW, value=5, on=date(2026, 3, 1), **scope):
    return set_override(code, value=value, effective_from=on, reason="考核方案", actor=rw.admin, now=NOW, **scope)


def test_defaults_are_typed(rules_world):
    on = date(2026, 3, 1)
    assert rule_value(YELLOW, on=on) == 2
    assert rule_value("case.waiver_consequence", on=on) == "suspend"
    assert rule_value("hotline.duplicate_similarity", on=on) == Decimal("50")
    assert rule_value("hotline.due_working_days", on=on)["complaint"] == 13
    assert rule_value("rating.rectification_working_days", on=on) == {4: 10, 5: 5}


def test_unknown_rule_is_a_programming_error(rules_world):
    with pytest.raises(LookupError):
        rule_value("case.no_such_rule", on=date(2026, 3, 1))


def test_a_datetime_is_refused(rules_world):
    with pytest.raises(TypeError):
        rule_value(YELLOW, on=NOW)


def test_override_applies_from_its_effective_date_not_the_day_before(rules_world):
    rw = rules_world
    _set(rw, region=rw.district, on=date(2026, 3, 1))
    assert rule_value(YELLOW, on=date(2026, 2, 28), region=rw.district) == 2
    assert rule_value(YELLOW, on=date(2026, 3, 1), region=rw.district) == 5


def test_the_latest_effective_date_wins(rules_world):
    rw = rules_world
    _set(rw, region=rw.district, value=4, on=date(2026, 1, 1))
    _set(rw, region=rw.district, value=6, on=date(2026, 6, 1))
    assert rule_value(YELLOW, on=date(2026, 5, 31), region=rw.district) == 4
    assert rule_value(YELLOW, on=date(2026, 6, 1), region=rw.district) == 6


def test_district_override_applies_below_it_and_to_calls_without_a_region(rules_world):
    rw = rules_world
    _set(rw, region=rw.district, value=4)
    on = date(2026, 3, 1)
    assert rule_value(YELLOW, on=on) == 4
    assert rule_value(YELLOW, on=on, region=rw.village) == 4


def test_town_override_beats_the_district(rules_world):
    rw = rules_world
    _set(rw, region=rw.district, value=4)
    _set(rw, region=rw.town, value=3)
    on = date(2026, 3, 1)
    assert rule_value(YELLOW, on=on, region=rw.town) == 3
    assert rule_value(YELLOW, on=on, region=rw.village) == 3  # the village's nearest ancestor
    assert rule_value(YELLOW, on=on, region=rw.district) == 4


def test_a_town_override_not_yet_in_force_leaves_the_district_value(rules_world):
    rw = rules_world
    _set(rw, region=rw.district, value=4, on=date(2026, 1, 1))
    _set(rw, region=rw.town, value=3, on=date(2026, 3, 1))
    assert rule_value(YELLOW, on=date(2026, 2, 28), region=rw.town) == 4


def test_item_beats_department_beats_region(rules_world):
    rw = rules_world
    _set(rw, region=rw.town, value=3)
    _set(rw, department=rw.market, value=7)
    on = date(2026, 3, 1)
    assert rule_value(YELLOW, on=on, region=rw.town, department=rw.market) == 7
    assert rule_value(YELLOW, on=on, region=rw.town, item=rw.item) == 7  # the item's department
    _set(rw, item=rw.item, value=9)
    assert rule_value(YELLOW, on=on, region=rw.town, department=rw.market, item=rw.item) == 9
    assert rule_value(YELLOW, on=on, region=rw.town, department=rw.housing) == 3


def test_an_item_alone_falls_back_to_its_region(rules_world):
    rw = rules_world
    _set(rw, region=rw.district, value=4)
    assert rule_value(YELLOW, on=date(2026, 3, 1), item=rw.item) == 4


def test_mapping_and_percent_overrides_are_typed(rules_world):
    rw = rules_world
    _set(rw, code="rating.rectification_working_days", value="4:15,5:7", region=rw.district)
    _set(rw, code="hotline.duplicate_similarity", value="62.5", region=rw.district)
    on = date(2026, 3, 1)
    assert rule_value("rating.rectification_working_days", on=on) == {4: 15, 5: 7}
    assert rule_value("hotline.duplicate_similarity", on=on) == Decimal("62.5")


def test_a_returned_mapping_is_a_copy(rules_world):
    on = date(2026, 3, 1)
    rule_value("hotline.due_working_days", on=on)["consult"] = 99
    assert rule_value("hotline.due_working_days", on=on)["consult"] == 3


def test_steady_state_reads_make_no_queries(rules_world, django_assert_num_queries):
    rw = rules_world
    _set(rw, region=rw.town, value=3)
    rule_value(YELLOW, on=date(2026, 3, 1), region=rw.town)
    with django_assert_num_queries(0):
        for _ in range(100):
            assert rule_value(YELLOW, on=date(2026, 3, 1), region=rw.town, department=rw.market) == 3


def test_a_change_by_another_process_is_seen_after_the_check_interval(rules_world, monkeypatch):
    rw = rules_world
    assert rule_value(YELLOW, on=date(2026, 3, 1)) == 2
    # another process: a row written without this process's signals, and the revision bumped
    RuleOverride.objects.bulk_create([RuleOverride(code=YELLOW, scope="district", region=rw.district, value=8,
                                                   effective_from=date(2026, 1, 1), reason="x", created_at=NOW)])
    RuleRevision.objects.filter(pk=1).update(number=41)
    assert rule_value(YELLOW, on=date(2026, 3, 1)) == 2  # within the interval: the book is kept
    monkeypatch.setattr(book, "CHECK_SECONDS", 0.0)
    book._book.next_check = 0.0
    assert rule_value(YELLOW, on=date(2026, 3, 1)) == 8


def test_an_orm_write_in_this_process_is_read_at_once(rules_world):
    rw = rules_world
    assert rule_value(YELLOW, on=date(2026, 3, 1)) == 2
    RuleOverride.objects.create(code=YELLOW, scope="district", region=rw.district, value=6,
                                effective_from=date(2026, 1, 1), reason="x", created_at=NOW)
    assert rule_value(YELLOW, on=date(2026, 3, 1)) == 6
