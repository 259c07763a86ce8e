"""Chinese labels for the codes in the guide dict (办事指南), so pages render that dict as is.

The guide of `tongban.catalog.guide.guide_of` carries codes ("original", "working", "01",
license type codes …); these filters and name tables turn them into readable Chinese
without a second source of the guide's content (同源发布).
"""

from typing import Any

from django import template

from tongban.accounts.models import Department

from .. import constants
from ..models import ItemType, LicenseType, Theme

register = template.Library()

CODE_LISTS: dict[str, type] = {
    "level": constants.ItemLevel,
    "kind": constants.ItemKind,
    "service_object": constants.ServiceObject,
    "unit": constants.TimeUnit,
    "case_kind": constants.CaseKind,
    "material_form": constants.MaterialForm,
    "material_medium": constants.MaterialMedium,
    "material_source": constants.MaterialSource,
    "special_procedure": constants.SpecialProcedureKind,
    "near_home": constants.NearHomeLevel,
    "cross_region": constants.CrossRegionScope,
    "result_kind": constants.ResultKind,
    "version_status": constants.VersionStatus,
    "step_role": constants.StepRole,
    "audience": constants.Audience,
}

#: The `channel` filter of tongban.catalog.queries with the words citizens know.
CHANNEL_LABELS = {
    "online": "可网办",
    "mobile": "掌上办",
    "kiosk": "自助办",
    "window": "综合窗口受理",
    "near_home": "就近办",
}


@register.filter
def label(value: Any, code_list: str) -> str:
    """`{{ material.form|label:"material_form" }}` → 原件."""
    return dict(CODE_LISTS[code_list].choices).get(value, value)


@register.filter
def lookup(names: dict | None, key: Any) -> Any:
    """`{{ names.license_types|lookup:material.license_type }}` — a name from a code table."""
    return (names or {}).get(key, key)


@register.filter
def time_limit(value: int, unit: str) -> str:
    """`{{ guide.promised_limit|time_limit:guide.promised_unit }}` → 20 个工作日."""
    return f"{value} 个{label(unit, 'unit')}"


def code_names(guides: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Names of the item types, themes, licence types and 并联审批 departments the guides name."""
    item_types = {guide["item_type"] for guide in guides}
    themes = {code for guide in guides for code in guide.get("themes", [])}
    licenses = {guide.get("result_license_type") for guide in guides}
    licenses |= {material["license_type"] for guide in guides for material in guide.get("materials", [])}
    licenses.discard("")
    licenses.discard(None)
    departments = {code for guide in guides for code in guide.get("co_departments", [])}
    return {
        "item_types": dict(ItemType.objects.filter(code__in=item_types).values_list("code", "name")),
        "themes": dict(Theme.objects.filter(code__in=themes).values_list("code", "name")),
        "license_types": dict(LicenseType.objects.filter(code__in=licenses).values_list("code", "name")),
        "departments": dict(Department.objects.filter(code__in=departments).values_list("code", "name")),
    }


def item_type_names() -> dict[str, str]:
    return dict(ItemType.objects.values_list("code", "name"))


def filter_choices() -> dict[str, Any]:
    """What the catalog list can be filtered by: only departments that publish items."""
    return {
        "departments": list(
            Department.objects.filter(
                service_items__published_version__isnull=False, service_items__is_retired=False,
            ).distinct().order_by("code").values_list("code", "name")
        ),
        "themes": [
            (code, name, label(audience, "audience"))
            for code, name, audience in Theme.objects.order_by("audience", "code")
            .values_list("code", "name", "audience")
        ],
        "item_types": list(ItemType.objects.filter(is_active=True).values_list("code", "name")),
        "channels": list(CHANNEL_LABELS.items()),
    }
