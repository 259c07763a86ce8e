"""Reading the registry with its overrides, for the staff page and the API."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from .book import rule_value
from .models import RuleOverride
from .registry import RULES_BY_CODE, Rule


@dataclass(frozen=True)
class RuleView:
    rule: Rule
    current: Any  # typed, district-wide, on the day asked
    overrides: list[RuleOverride]


def overrides_of(codes) -> dict[str, list[RuleOverride]]:
    rows = (RuleOverride.objects.filter(code__in=list(codes))
            .select_related("region", "department", "item__basic_item", "created_by")
            .order_by("code", "scope", "region__path", "department__code", "item__implementation_code",
                      "-effective_from"))
    by_code: dict[str, list[RuleOverride]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    return by_code


def rule_views(*, on: date, codes=None) -> list[RuleView]:
    rules = [RULES_BY_CODE[code] for code in codes] if codes is not None else list(RULES_BY_CODE.values())
    overrides = overrides_of(rule.code for rule in rules)
    return [RuleView(rule, rule_value(rule.code, on=on), overrides.get(rule.code, [])) for rule in rules]


def target_label(override: RuleOverride) -> str:
    """区划、部门或事项的名称，as shown next to an override."""
    if override.item_id:
        return f"{override.item.basic_item.name}（{override.item.implementation_code}）"
    if override.department_id:
        return override.department.name
    return override.region.name


def target_code(override: RuleOverride) -> str:
    if override.item_id:
        return override.item.implementation_code
    if override.department_id:
        return override.department.code
    return override.region.code
