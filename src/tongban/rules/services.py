"""Changing a rule's value for a scope: validated against the registry, audited, versioned."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from tongban.audit import services as audit
from tongban.accounts.constants import RegionLevel, Role
from tongban.accounts.models import Department, Region
from tongban.catalog.models import ServiceItem
from tongban.core.errors import DomainError, Forbidden, InvalidInput

from . import book
from .models import RuleOverride, RuleRevision
from .registry import SCOPE_LABELS, Rule, get_rule
from .values import InvalidValue, clean, stored
from . import events as rule_events

EDITORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
REASON_MAX = 200


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


def _invalid(field: str, code: str, message: str) -> InvalidInput:
    return InvalidInput([FieldError(field, f"rules.{code}", message)], code=f"rules.{code}")


def find_rule(code: str) -> Rule:
    try:
        return get_rule(code)
    except LookupError:
        raise DomainError("rules.not_found", f"没有代码为“{code}”的规则参数。", field="code", status=404) from None


def scope_of(*, region: Region | None, department: Department | None, item: ServiceItem | None) -> str:
    """The scope kind an override for exactly one of region / department / item has."""
    given = [name for name, value in (("region", region), ("department", department), ("item", item))
             if value is not None]
    if len(given) != 1:
        raise _invalid("scope", "scope_invalid", "请选择且只选择一个适用范围：区划、部门或事项。")
    if item is not None:
        return "item"
    if department is not None:
        return "department"
    assert region is not None
    if region.level == RegionLevel.DISTRICT:
        return "district"
    if region.level == RegionLevel.TOWN:
        return "town"
    raise _invalid("region", "scope_invalid", "规则参数只能按区或镇（街道）设置，不能按村（社区）设置。")


def _target_region(region, department, item) -> Region:
    if item is not None:
        return item.region
    if department is not None:
        return department.region
    return region


def can_edit(actor, target_region: Region | None = None) -> bool:
    """系统管理员 everywhere; 中心管理员 within the region subtree they work in."""
    if not actor.is_authenticated or actor.role not in EDITORS:
        return False
    if actor.role == Role.ADMIN or target_region is None:
        return True
    return actor.region_id is not None and actor.region.contains(target_region)


def set_override(code: str, *, value: Any, effective_from: date | None, reason: str,
                 region: Region | None = None, department: Department | None = None,
                 item: ServiceItem | None = None, actor, now: datetime) -> RuleOverride:
    """Set rule `code` to `value` for one scope from `effective_from` on (the same scope and day
    again replaces that row's value). Writes the override, the audit entry and the revision bump
    in one transaction."""
    rule = find_rule(code)
    scope = scope_of(region=region, department=department, item=item)
    errors: list[FieldError] = []
    if scope not in rule.scopes:
        allowed = "、".join(SCOPE_LABELS[name] for name in rule.scopes)
        errors.append(FieldError("scope", "rules.scope_not_allowed",
                                 f"“{rule.label}”不能按{SCOPE_LABELS[scope]}设置，只能按{allowed}设置。"))
    try:
        cleaned = clean(rule, value)
    except InvalidValue as error:
        errors.append(FieldError("value", "rules.value_invalid", str(error)))
    if not isinstance(effective_from, date) or isinstance(effective_from, datetime):
        errors.append(FieldError("effective_from", "rules.effective_from_required", "请填写生效日期。"))
    reason = (reason or "").strip()
    if not reason:
        errors.append(FieldError("reason", "rules.reason_required", "请写明设置的依据或理由（如考核方案、文件文号）。"))
    elif len(reason) > REASON_MAX:
        errors.append(FieldError("reason", "rules.reason_too_long", f"依据或理由不超过 {REASON_MAX} 字。"))
    if errors:
        raise InvalidInput(errors, code=errors[0].code)
    if not can_edit(actor, _target_region(region, department, item)):
        raise Forbidden("rules.not_allowed", "只有系统管理员或本区划的中心管理员可以设置规则参数。")

    target = {"region": region, "department": department, "item": item}
    with transaction.atomic():
        existing = (RuleOverride.objects.select_for_update()
                    .filter(code=rule.code, effective_from=effective_from, **target).first())
        before_value = (existing.value if existing is not None
                        else stored(rule, book.rule_value(rule.code, on=effective_from, **target)))
        if existing is None:
            override = RuleOverride.objects.create(
                code=rule.code, scope=scope, value=cleaned, effective_from=effective_from, reason=reason,
                created_by=actor, created_at=now, **target)
        else:
            override = existing
            override.value, override.reason, override.created_by, override.created_at = cleaned, reason, actor, now
            override.save(update_fields=["value", "reason", "created_by", "created_at"])
        audit.record(actor=actor, action=rule_events.OVERRIDE_SET, target=override, now=now,
                     before={"code": rule.code, "scope": scope, "value": before_value},
                     after={"code": rule.code, "scope": scope, "value": cleaned,
                            "effective_from": effective_from.isoformat(), "reason": reason})
        bump_revision()
    return override


def bump_revision() -> None:
    """Every process reloads its book at its next check; this one at once."""
    if not RuleRevision.objects.filter(pk=1).update(number=F("number") + 1):
        RuleRevision.objects.get_or_create(pk=1, defaults={"number": 1})
    book.forget()


def current_value(rule: Rule, *, on: date) -> Any:
    """The district-wide value (no scope below the district) of a rule on a day."""
    return book.rule_value(rule.code, on=on)
