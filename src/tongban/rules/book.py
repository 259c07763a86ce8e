"""rule_value: the effective value of a rule, from one in-memory book of every override.

Hot paths (case queues, transitions) call rule_value many times per request, so the overrides
are read once per process and kept. Every change bumps RuleRevision.number; a process compares
its book's number with the row at most every CHECK_SECONDS and reloads when it differs (any
difference: a rolled-back change lowers it again). Saves and deletes through the ORM in this
process also drop the book at once (signals), so a process never reads its own stale change.
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .registry import RULES_BY_CODE, get_rule
from .values import typed

CHECK_SECONDS = 2.0

# code → scope key → [(effective_from, typed value)], latest date first.
# Scope keys: ("item", id), ("department", id), ("region", code), and ("district", None): the one
# district's overrides again, for calls that name no region (district-wide numbers).
Entries = dict[str, dict[tuple[str, Any], list[tuple[date, Any]]]]


@dataclass
class _Book:
    number: int
    entries: Entries = field(default_factory=dict)
    next_check: float = 0.0


_book: _Book | None = None
_lock = threading.Lock()


def forget() -> None:
    """Drop this process's book (tests, and after a change in this process)."""
    global _book
    _book = None


def _revision_number() -> int:
    from .models import RuleRevision

    return RuleRevision.objects.values_list("number", flat=True).first() or 0


def _load(number: int) -> _Book:
    from .models import RuleOverride

    entries: Entries = {}
    rows = list(RuleOverride.objects.values_list("code", "scope", "region__code", "department_id", "item_id",
                                                 "effective_from", "value"))
    districts = {region_code for _, scope, region_code, *_ in rows if scope == "district"}
    for code, scope, region_code, department_id, item_id, effective_from, stored in rows:
        rule = RULES_BY_CODE.get(code)
        if rule is None:  # a rule retired from the registry: its rows are history only
            continue
        key = (("item", item_id) if scope == "item" else ("department", department_id) if scope == "department"
               else ("region", region_code))
        value = (effective_from, typed(rule, stored))
        entries.setdefault(code, {}).setdefault(key, []).append(value)
        if scope == "district" and len(districts) == 1:
            entries[code].setdefault(("district", None), []).append(value)
    for by_scope in entries.values():
        for dated in by_scope.values():
            dated.sort(key=lambda entry: entry[0], reverse=True)
    return _Book(number=number, entries=entries)


def _current() -> _Book:
    global _book
    book = _book
    moment = time.monotonic()
    if book is not None and moment < book.next_check:
        return book
    with _lock:
        number = _revision_number()
        book = _book
        if book is None or book.number != number:
            book = _load(number)
        book.next_check = moment + CHECK_SECONDS
        _book = book
        return book


def _pick(dated: list[tuple[date, Any]] | None, on: date) -> tuple[bool, Any]:
    if dated:
        for effective_from, value in dated:
            if effective_from <= on:
                return True, value
    return False, None


def rule_value(code: str, *, on: date, region=None, department=None, item=None) -> Any:
    """The value of rule `code` on day `on` for the nearest scope that sets one.

    Nearest first: the item, the department (the item's if none is given), the region and each
    of its ancestors (the item's region if none is given; with no region at all, the district's
    overrides when the deployment has one district), then the registry's default. Among one
    scope's overrides the latest effective_from ≤ `on` wins. int / Decimal / str / dict per kind.
    """
    if isinstance(on, datetime) or not isinstance(on, date):
        raise TypeError("rule_value(on=…) takes a local date, not a datetime")
    rule = get_rule(code)
    by_scope = _current().entries.get(code)
    if by_scope:
        found, value = _scoped(by_scope, on, region, department, item)
        if found:
            return dict(value) if isinstance(value, dict) else value
    return dict(rule.default) if isinstance(rule.default, dict) else rule.default


def _scoped(by_scope, on: date, region, department, item) -> tuple[bool, Any]:
    if item is not None:
        found, value = _pick(by_scope.get(("item", item.pk)), on)
        if found:
            return found, value
    department_id = department.pk if department is not None else getattr(item, "department_id", None)
    if department_id is not None:
        found, value = _pick(by_scope.get(("department", department_id)), on)
        if found:
            return found, value
    if region is None and item is not None:
        region = item.region
    if region is None:
        return _pick(by_scope.get(("district", None)), on)
    for region_code in reversed([code for code in region.path.split("/") if code]):
        found, value = _pick(by_scope.get(("region", region_code)), on)
        if found:
            return found, value
    return False, None
