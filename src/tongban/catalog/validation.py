"""Rules every item version must satisfy — pure Python, shared by the API, the forms and Excel import.

Input is the guide dict of `tongban.catalog.guide` (plain values and code strings); the
caller passes the code lists that live in the database, so this module stays Django-free.
"""

import re
from dataclasses import dataclass
from typing import Any

from tongban.core.checkdigits import InvalidCheckDigitCode, validate_uscc

BASIC_CODE = re.compile(r"^\d{10}$")
BUSINESS_ITEM_NUMBER = re.compile(r"^\d{2}$")
UNITS = {"working": "工作日", "calendar": "自然日"}
MAX_VISITS = 2


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


@dataclass(frozen=True)
class CodeLists:
    item_types: frozenset[str]
    themes: frozenset[str]
    license_types: frozenset[str]
    service_objects: frozenset[str]
    special_procedures: frozenset[str]
    material_forms: frozenset[str]
    material_media: frozenset[str]
    step_roles: frozenset[str]
    case_kinds: frozenset[str]
    result_kinds: frozenset[str]
    departments: frozenset[str] = frozenset()
    near_home_levels: frozenset[str] = frozenset({""})
    cross_region_scopes: frozenset[str] = frozenset({""})
    workflows: frozenset[str] = frozenset({""})


def validate_basic_code(code: str, item_type: str) -> list[FieldError]:
    """基本编码: 2 type + 5 main + 3 sub digits; the type part must be the item's type code."""
    if not BASIC_CODE.match(code or ""):
        return [FieldError("basic_code", "catalog.basic_code_format", "基本编码应为 10 位数字（2 位类型 + 5 位主项 + 3 位子项）。")]
    if code[:2] != item_type:
        return [FieldError("basic_code", "catalog.basic_code_type",
                           f"基本编码前 2 位应为事项类型代码 {item_type}，实为 {code[:2]}。")]
    return []


def implementation_code(agency_uscc: str, basic_code: str, business_item_number: str) -> str:
    """实施编码 = implementing agency USCC (18) + basic code (10) + business item number (2)."""
    return f"{agency_uscc}{basic_code}{business_item_number}"


def validate_implementation_code(code: str, agency_uscc: str, basic_code: str) -> list[FieldError]:
    field = "implementation_code"
    if len(code or "") != 30:
        return [FieldError(field, "catalog.implementation_code_format",
                           "实施编码应为 30 位：实施机构统一社会信用代码 18 位 + 基本编码 10 位 + 业务办理项 2 位。")]
    try:
        validate_uscc(code[:18])
    except InvalidCheckDigitCode as error:
        return [FieldError(field, "catalog.implementation_code_uscc", f"实施编码前 18 位：{error.message}")]
    if code[:18] != agency_uscc:
        return [FieldError(field, "catalog.implementation_code_agency", "实施编码前 18 位应为实施机构的统一社会信用代码。")]
    if code[18:28] != basic_code:
        return [FieldError(field, "catalog.implementation_code_basic", "实施编码第 19–28 位应为基本编码。")]
    if not BUSINESS_ITEM_NUMBER.match(code[28:]):
        return [FieldError(field, "catalog.implementation_code_format", "实施编码末 2 位应为业务办理项编号（00–99）。")]
    return []


def _required_text(data: dict, field: str, label: str, max_length: int) -> list[FieldError]:
    value = (data.get(field) or "").strip()
    if not value:
        return [FieldError(field, "catalog.required", f"{label}不能为空。")]
    if len(value) > max_length:
        return [FieldError(field, "catalog.too_long", f"{label}不能超过 {max_length} 个字。")]
    return []


def _choice(data: dict, field: str, label: str, allowed: frozenset[str]) -> list[FieldError]:
    value = data.get(field)
    if value not in allowed:
        return [FieldError(field, "catalog.unknown_code", f"{label}“{value}”不在代码表中。")]
    return []


def _time_limits(data: dict) -> list[FieldError]:
    errors = []
    for field, label in (("statutory", "法定办结时限"), ("promised", "承诺办结时限")):
        if data.get(f"{field}_unit") not in UNITS:
            errors.append(FieldError(f"{field}_unit", "catalog.unknown_code", f"{label}单位应为工作日或自然日。"))
        if not isinstance(data.get(f"{field}_limit"), int) or data[f"{field}_limit"] < 0:
            errors.append(FieldError(f"{field}_limit", "catalog.invalid_limit", f"{label}应为不小于 0 的整数。"))
    if errors:
        return errors
    if data["promised_unit"] != data["statutory_unit"]:
        return [FieldError("promised_unit", "catalog.limit_unit_mismatch",
                           "承诺办结时限与法定办结时限的单位须一致，才能比较承诺是否超过法定。")]
    if data["promised_limit"] > data["statutory_limit"]:
        unit = UNITS[data["promised_unit"]]
        return [FieldError("promised_limit", "catalog.promise_exceeds_statutory",
                           f"承诺办结时限（{data['promised_limit']} 个{unit}）不得超过法定办结时限"
                           f"（{data['statutory_limit']} 个{unit}）。")]
    if data.get("case_kind") == "immediate" and data["promised_limit"] != 0:
        return [FieldError("promised_limit", "catalog.immediate_limit", "即办件的承诺办结时限应为 0（当场办结）。")]
    if data.get("case_kind") == "promised" and data["promised_limit"] == 0:
        return [FieldError("promised_limit", "catalog.promised_limit_zero", "承诺件的承诺办结时限应至少为 1。")]
    return []


def _channels(data: dict) -> list[FieldError]:
    errors = []
    visits = data.get("visits")
    if not isinstance(visits, int) or not 0 <= visits <= MAX_VISITS:
        errors.append(FieldError("visits", "catalog.visits_range", "到现场次数应为 0、1 或 2。"))
    if data.get("fully_online"):
        if not data.get("can_apply_online"):
            errors.append(FieldError("fully_online", "catalog.fully_online_needs_online", "全程网办的事项必须可网办。"))
        if visits != 0:
            errors.append(FieldError("visits", "catalog.fully_online_visits", "全程网办的事项到现场次数应为 0。"))
    if data.get("negative_list"):
        if data.get("can_apply_online"):
            errors.append(FieldError("negative_list", "catalog.negative_list_online", "列入网办负面清单的事项不能同时标为可网办。"))
        if not (data.get("negative_list_reason") or "").strip():
            errors.append(FieldError("negative_list_reason", "catalog.required", "列入网办负面清单须写明不能网办的理由。"))
    elif not data.get("can_apply_online"):
        errors.append(FieldError("negative_list", "catalog.offline_needs_negative_list",
                                 "不能网办的事项须列入网办负面清单并写明理由。"))
    return errors


def _materials(materials: list[dict[str, Any]], codes: CodeLists) -> list[FieldError]:
    errors = []
    for index, material in enumerate(materials):
        prefix = f"materials[{index}]"
        if not (material.get("name") or "").strip():
            errors.append(FieldError(f"{prefix}.name", "catalog.required", f"第 {index + 1} 项材料缺少名称。"))
        if material.get("form") not in codes.material_forms:
            errors.append(FieldError(f"{prefix}.form", "catalog.unknown_code", f"第 {index + 1} 项材料的形式无效。"))
        if material.get("medium") not in codes.material_media:
            errors.append(FieldError(f"{prefix}.medium", "catalog.unknown_code", f"第 {index + 1} 项材料的载体无效。"))
        if not isinstance(material.get("count"), int) or material["count"] < 1:
            errors.append(FieldError(f"{prefix}.count", "catalog.invalid_count", f"第 {index + 1} 项材料份数应至少为 1。"))
        license_type = material.get("license_type")
        if license_type and license_type not in codes.license_types:
            errors.append(FieldError(f"{prefix}.license_type", "catalog.unknown_code",
                                     f"第 {index + 1} 项材料关联的证照类型“{license_type}”不存在。"))
        if material.get("is_waivable") and not material.get("is_required", True):
            errors.append(FieldError(f"{prefix}.is_waivable", "catalog.waivable_optional",
                                     f"第 {index + 1} 项材料非必要，无需标为可容缺。"))
    return errors


def _commitment_form(data: dict) -> list[FieldError]:
    """告知承诺: the item publishes its 承诺书 — what is promised and the liability for breaking it."""
    if not any(material.get("commitment_allowed") for material in data.get("materials") or []):
        return []
    return [FieldError(field, "catalog.commitment_template_required",
                       f"有材料可告知承诺替代，须编制告知承诺书：{label}不能为空。")
            for field, label in (("commitment_content", "承诺内容"), ("commitment_liability", "违反承诺的法律责任"))
            if not (data.get(field) or "").strip()]


def _listed(data: dict, codes: CodeLists) -> list[FieldError]:
    errors = []
    objects = data.get("service_objects") or []
    if not objects:
        errors.append(FieldError("service_objects", "catalog.required", "服务对象不能为空。"))
    for value in objects:
        if value not in codes.service_objects:
            errors.append(FieldError("service_objects", "catalog.unknown_code", f"服务对象代码“{value}”无效。"))
    for value in data.get("themes") or []:
        if value not in codes.themes:
            errors.append(FieldError("themes", "catalog.unknown_code", f"主题“{value}”不存在。"))
    for index, procedure in enumerate(data.get("special_procedures") or []):
        if procedure.get("kind") not in codes.special_procedures:
            errors.append(FieldError(f"special_procedures[{index}].kind", "catalog.unknown_code", "特别程序种类无效。"))
        if not isinstance(procedure.get("max_duration"), int) or procedure["max_duration"] < 1:
            errors.append(FieldError(f"special_procedures[{index}].max_duration", "catalog.invalid_limit",
                                     "特别程序须写明最长时限（至少 1）。"))
        if procedure.get("unit") not in UNITS:
            errors.append(FieldError(f"special_procedures[{index}].unit", "catalog.unknown_code", "特别程序时限单位无效。"))
    for index, step in enumerate(data.get("steps") or []):
        if not (step.get("name") or "").strip():
            errors.append(FieldError(f"steps[{index}].name", "catalog.required", f"第 {index + 1} 个环节缺少名称。"))
        if step.get("role") not in codes.step_roles:
            errors.append(FieldError(f"steps[{index}].role", "catalog.unknown_code", f"第 {index + 1} 个环节的办理角色无效。"))
    for index, condition in enumerate(data.get("conditions") or []):
        if not (condition.get("text") or "").strip():
            errors.append(FieldError(f"conditions[{index}].text", "catalog.required", f"第 {index + 1} 条受理条件为空。"))
    for value in data.get("co_departments") or []:
        if value not in codes.departments:
            errors.append(FieldError("co_departments", "catalog.unknown_code", f"并联审批部门“{value}”不存在。"))
    if data.get("is_free") is False and not data.get("fees"):
        errors.append(FieldError("fees", "catalog.fees_missing", "收费事项须列出收费项目、标准和依据。"))
    for index, fee in enumerate(data.get("fees") or []):
        for key, label in (("name", "收费项目"), ("standard", "收费标准"), ("basis", "收费依据")):
            if not (fee.get(key) or "").strip():
                errors.append(FieldError(f"fees[{index}].{key}", "catalog.required", f"第 {index + 1} 项收费缺少{label}。"))
    return errors


def validate_guide(data: dict[str, Any], codes: CodeLists) -> list[FieldError]:
    """Every error in one pass, so the department fixes them all at once (一次性告知)."""
    errors = [
        *_required_text(data, "name", "事项名称", 200),
        *_required_text(data, "legal_basis", "设定依据", 5000),
        *_required_text(data, "result_name", "办理结果名称", 200),
        *_choice(data, "item_type", "事项类型", codes.item_types),
        *_choice(data, "case_kind", "办件类型", codes.case_kinds),
        *_choice(data, "result_kind", "办理结果类型", codes.result_kinds),
        *_choice({"near_home_level": "", **data}, "near_home_level", "就近办层级", codes.near_home_levels),
        *_choice({"cross_region_scope": "", **data}, "cross_region_scope", "通办范围", codes.cross_region_scopes),
        *_choice({"workflow_code": "", **data}, "workflow_code", "办理流程", codes.workflows),
        *_time_limits(data),
        *_channels(data),
        *_materials(data.get("materials") or [], codes),
        *_commitment_form(data),
        *_listed(data, codes),
    ]
    result_license = data.get("result_license_type")
    if result_license and result_license not in codes.license_types:
        errors.append(FieldError("result_license_type", "catalog.unknown_code", f"结果证照类型“{result_license}”不存在。"))
    if data.get("result_kind") == "license" and not result_license:
        errors.append(FieldError("result_license_type", "catalog.required", "办理结果为证照时须指定证照类型。"))
    return errors
