"""Boundary tests of the catalog rules (pure: no database)."""

import pytest

from tongban.catalog.validation import (
    CodeLists, implementation_code, validate_basic_code, validate_guide, validate_implementation_code,
)
from tongban.core.checkdigits import make_uscc

CODES = CodeLists(
    item_types=frozenset({"01", "07", "20"}), themes=frozenset({"qiyekaiban"}),
    license_types=frozenset({"11100000000013338W032"}), service_objects=frozenset({"1", "2"}),
    special_procedures=frozenset({"site_inspection"}), material_forms=frozenset({"original", "copy"}),
    material_media=frozenset({"paper", "electronic"}), step_roles=frozenset({"intake", "review"}),
    case_kinds=frozenset({"immediate", "promised"}), result_kinds=frozenset({"license", "other"}),
)


def guide(**changes):
    base = {
        "name": "食品经营许可", "item_type": "01", "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "service_objects": ["2"], "statutory_limit": 20, "statutory_unit": "working",
        "promised_limit": 10, "promised_unit": "working", "case_kind": "promised",
        "is_free": True, "result_kind": "other", "result_name": "食品经营许可证",
        "result_license_type": "", "can_apply_online": True, "fully_online": False, "visits": 1,
        "negative_list": False, "negative_list_reason": "", "themes": [],
        "conditions": [{"text": "有与经营的食品品种、数量相适应的经营场所"}],
        "materials": [{"name": "食品经营许可申请书", "form": "original", "count": 1, "medium": "paper",
                       "is_required": True, "is_waivable": False, "license_type": ""}],
        "steps": [{"name": "受理", "role": "intake"}], "special_procedures": [], "fees": [],
    }
    base.update(changes)
    return base


def codes_of(errors):
    return [(error.field, error.code) for error in errors]


def test_a_complete_guide_is_valid():
    assert validate_guide(guide(), CODES) == []


@pytest.mark.parametrize(
    ("_case", "promised", "valid"),
    [("promise_below", 19, True), ("promise_equal", 20, True), ("promise_above", 21, False)],
)
def test_promised_limit_may_not_exceed_statutory(_case, promised, valid):
    errors = validate_guide(guide(promised_limit=promised), CODES)
    assert (errors == []) is valid
    if not valid:
        assert codes_of(errors) == [("promised_limit", "catalog.promise_exceeds_statutory")]
        assert errors[0].message == "承诺办结时限（21 个工作日）不得超过法定办结时限（20 个工作日）。"


def test_limits_in_different_units_are_refused_with_a_reason():
    errors = validate_guide(guide(promised_unit="calendar"), CODES)
    assert codes_of(errors) == [("promised_unit", "catalog.limit_unit_mismatch")]


@pytest.mark.parametrize(
    ("_case", "kind", "promised", "valid"),
    [("immediate_zero", "immediate", 0, True), ("immediate_one", "immediate", 1, False),
     ("promised_zero", "promised", 0, False), ("promised_one", "promised", 1, True)],
)
def test_immediate_items_finish_the_same_day(_case, kind, promised, valid):
    assert (validate_guide(guide(case_kind=kind, promised_limit=promised), CODES) == []) is valid


@pytest.mark.parametrize(("_case", "visits", "valid"), [("zero", 0, True), ("two", 2, True), ("three", 3, False), ("negative", -1, False)])
def test_visits_are_zero_one_or_two(_case, visits, valid):
    assert (validate_guide(guide(visits=visits), CODES) == []) is valid


def test_fully_online_needs_online_and_no_visit():
    errors = validate_guide(guide(fully_online=True, can_apply_online=False, visits=1,
                                  negative_list=True, negative_list_reason="须现场核验"), CODES)
    assert ("fully_online", "catalog.fully_online_needs_online") in codes_of(errors)
    assert ("visits", "catalog.fully_online_visits") in codes_of(errors)


def test_offline_items_must_be_on_the_negative_list_with_a_reason():
    assert codes_of(validate_guide(guide(can_apply_online=False), CODES)) == [
        ("negative_list", "catalog.offline_needs_negative_list")]
    assert codes_of(validate_guide(guide(can_apply_online=False, negative_list=True), CODES)) == [
        ("negative_list_reason", "catalog.required")]
    assert validate_guide(guide(can_apply_online=False, negative_list=True,
                                negative_list_reason="须现场采集指纹"), CODES) == []


def test_unknown_type_code_and_nameless_material_are_reported_together():
    errors = validate_guide(guide(item_type="99", materials=[
        {"name": " ", "form": "original", "count": 1, "medium": "paper"}]), CODES)
    assert codes_of(errors) == [("item_type", "catalog.unknown_code"), ("materials[0].name", "catalog.required")]
    assert errors[1].message == "第 1 项材料缺少名称。"


def test_a_licence_result_names_its_licence_type():
    assert codes_of(validate_guide(guide(result_kind="license"), CODES)) == [("result_license_type", "catalog.required")]
    assert validate_guide(guide(result_kind="license", result_license_type="11100000000013338W032"), CODES) == []


def test_fees_need_item_standard_and_basis_when_charged():
    assert codes_of(validate_guide(guide(is_free=False), CODES)) == [("fees", "catalog.fees_missing")]


@pytest.mark.parametrize(
    ("_case", "code", "type_code", "error"),
    [("valid", "0100001000", "01", None), ("nine_digits", "010000100", "01", "catalog.basic_code_format"),
     ("letters", "01000010A0", "01", "catalog.basic_code_format"),
     ("type_mismatch", "0700001000", "01", "catalog.basic_code_type")],
)
def test_basic_code_structure(_case, code, type_code, error):
    errors = validate_basic_code(code, type_code)
    assert [e.code for e in errors] == ([error] if error else [])


def test_implementation_code_is_agency_uscc_plus_basic_code_plus_business_number():
    uscc = make_uscc("11371302MB2800001")
    code = implementation_code(uscc, "0100001000", "00")
    assert len(code) == 30
    assert validate_implementation_code(code, uscc, "0100001000") == []
    other_agency = make_uscc("11371302MB2800002")
    assert [e.code for e in validate_implementation_code(code, other_agency, "0100001000")] == [
        "catalog.implementation_code_agency"]
    tampered = code[:17] + ("0" if code[17] != "0" else "1") + code[18:]
    assert [e.code for e in validate_implementation_code(tampered, uscc, "0100001000")] == [
        "catalog.implementation_code_uscc"]
