"""The guide (办事指南) as one plain dict: read from a version, written into a version.

This dict is the single shape the API, the Excel workbook, the diff view and validation all
speak, so an element added here reaches every channel at once (同源发布).
"""

from typing import Any

from django.apps import apps

from tongban.accounts.models import Department

from . import constants
from .models import (
    AcceptanceCondition, Fee, ItemType, LicenseType, Material, ServiceItemVersion, SpecialProcedure,
    Step, Theme,
)
from .validation import CodeLists, FieldError, validate_guide

SCALAR_FIELDS = [
    "name", "legal_basis", "implementation_basis", "service_objects",
    "statutory_limit", "statutory_unit", "promised_limit", "promised_unit", "case_kind",
    "is_free", "result_kind", "result_name", "intermediary_services", "quantity_limit",
    "annual_inspection", "can_apply_online", "fully_online", "visits", "mobile", "kiosk",
    "near_home_level", "cross_region_scope", "window_acceptance", "negative_list",
    "negative_list_reason", "consultation_phone", "workflow_code", "commitment_content",
    "commitment_liability",
]
MATERIAL_FIELDS = ["name", "form", "count", "medium", "is_required", "is_waivable",
                   "license_type", "shared_data_source", "commitment_allowed", "notes"]
ELEMENTS = {
    "conditions": (AcceptanceCondition, ["text", "rule"]),
    "materials": (Material, MATERIAL_FIELDS),
    "steps": (Step, ["name", "role", "description"]),
    "special_procedures": (SpecialProcedure, ["kind", "max_duration", "unit", "description"]),
    "fees": (Fee, ["name", "standard", "basis"]),
}


def _codes(choices) -> frozenset[str]:
    return frozenset(value for value, _ in choices.choices)


def code_lists() -> CodeLists:
    return CodeLists(
        item_types=frozenset(ItemType.objects.filter(is_active=True).values_list("code", flat=True)),
        themes=frozenset(Theme.objects.values_list("code", flat=True)),
        license_types=frozenset(LicenseType.objects.values_list("code", flat=True)),
        service_objects=_codes(constants.ServiceObject),
        special_procedures=_codes(constants.SpecialProcedureKind),
        material_forms=_codes(constants.MaterialForm),
        material_media=_codes(constants.MaterialMedium),
        step_roles=_codes(constants.StepRole),
        case_kinds=_codes(constants.CaseKind),
        result_kinds=_codes(constants.ResultKind),
        departments=frozenset(Department.objects.values_list("code", flat=True)),
        near_home_levels=_codes(constants.NearHomeLevel),
        cross_region_scopes=_codes(constants.CrossRegionScope),
        # cases owns the workflow definitions; read through the app registry, not an import
        workflows=frozenset({"", *apps.get_model("cases", "WorkflowDefinition").objects.values_list(
            "code", flat=True)}),
    )


def _max_lengths(model) -> dict[str, tuple[int, str]]:
    return {field.name: (field.max_length, str(field.verbose_name)) for field in model._meta.concrete_fields
            if getattr(field, "max_length", None)}


def length_problems(guide: dict[str, Any]) -> list[FieldError]:
    """Text longer than its column: refused with the field named, never a database error."""
    problems = []
    for field, (limit, label) in _max_lengths(ServiceItemVersion).items():
        value = guide.get(field)
        if isinstance(value, str) and len(value) > limit:
            problems.append(FieldError(field, "catalog.too_long", f"{label}不能超过 {limit} 个字。"))
    for key, (model, fields) in ELEMENTS.items():
        limits = _max_lengths(model)
        for index, element in enumerate(guide.get(key) or []):
            for field in fields:
                value = element.get(field)
                if field in limits and isinstance(value, str) and len(value) > limits[field][0]:
                    limit, label = limits[field]
                    problems.append(FieldError(f"{key}[{index}].{field}", "catalog.too_long",
                                               f"第 {index + 1} 项的{label}不能超过 {limit} 个字。"))
    return problems


def guide_problems(guide: dict[str, Any]) -> list[FieldError]:
    """Every problem of a guide: the domain rules and the column limits."""
    return validate_guide(guide, code_lists()) + length_problems(guide)


def _element_value(row, field: str) -> Any:
    if field == "license_type":
        return row.license_type.code if row.license_type_id else ""
    return getattr(row, field)


def guide_of(version: ServiceItemVersion, *, material_ids: bool = False) -> dict[str, Any]:
    """Every element of a version as plain values (codes for related rows); with `material_ids`,
    each material also carries the id a case submission names it by (the published guide)."""
    guide = {field: getattr(version, field) for field in SCALAR_FIELDS}
    guide["item_type"] = version.item_type.code
    guide["result_license_type"] = (
        version.result_license_type.code if version.result_license_type_id else ""
    )
    guide["themes"] = sorted(theme.code for theme in version.themes.all())
    guide["co_departments"] = sorted(department.code for department in version.co_departments.all())
    for key, (model, fields) in ELEMENTS.items():
        rows = getattr(version, f"{model._meta.model_name}s").all()
        if model is Material:
            rows = rows.select_related("license_type")
        guide[key] = [{field: _element_value(row, field) for field in fields}
                      | ({"id": row.id} if material_ids and model is Material else {}) for row in rows]
    return guide


def search_text_of(guide: dict[str, Any], *, license_name: str = "", theme_names: list[str] = ()) -> str:
    """What a citizen may type to find the item: its name, what it produces (营业执照 finds
    企业开办), the life events it belongs to (开饭店), its conditions and materials."""
    parts = [guide["name"], guide.get("result_name") or "", license_name, *theme_names]
    parts += [condition["text"] for condition in guide.get("conditions", [])]
    parts += [material["name"] for material in guide.get("materials", [])]
    return "\n".join(part for part in parts if part)


def apply_guide(version: ServiceItemVersion, guide: dict[str, Any]) -> None:
    """Write a validated guide into a (saved, editable) version, replacing its elements."""
    for field in SCALAR_FIELDS:
        setattr(version, field, guide[field] if field in guide else getattr(version, field))
    version.item_type = ItemType.objects.get(code=guide["item_type"])
    license_types = {lt.code: lt for lt in LicenseType.objects.all()}
    version.result_license_type = license_types.get(guide.get("result_license_type") or "")
    themes = list(Theme.objects.filter(code__in=guide.get("themes") or []))
    license_name = version.result_license_type.name if version.result_license_type else ""
    version.search_text = search_text_of(guide, license_name=license_name,
                                         theme_names=[theme.name for theme in themes])
    version.save()
    version.themes.set(themes)
    version.co_departments.set(Department.objects.filter(code__in=guide.get("co_departments") or []))
    for key, (model, fields) in ELEMENTS.items():
        model.objects.filter(version=version).delete()
        rows = []
        for order, values in enumerate(guide.get(key) or [], start=1):
            attributes = {field: values.get(field) for field in fields if field in values}
            if model is Material:
                attributes["license_type"] = license_types.get(values.get("license_type") or "")
                attributes.setdefault("shared_data_source", "")
                attributes.setdefault("notes", "")
            rows.append(model(version=version, order=order, **attributes))
        model.objects.bulk_create(rows)
