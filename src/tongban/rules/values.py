"""A rule's value in its three forms: what a person types, what is stored (JSON), what code gets.

Stored: integers as numbers, decimals as strings ("95.5", never a float), enum choices as
strings, a mapping as an object with string keys. Code gets int / Decimal / str / dict with the
registry's key types. Pure Python; the messages are the ones shown next to the form field.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from .registry import DECIMAL_KINDS, INTEGER_KINDS, Rule


class InvalidValue(ValueError):
    """A value the rule does not allow; str() is the Chinese message."""


def typed(rule: Rule, stored: Any) -> Any:
    """The stored JSON value as code reads it (trusted: it was checked when written)."""
    if stored is None:
        return None
    if rule.kind == "mapping":
        return {key: _typed_number(rule.value_kind, stored[str(key)]) for key, _ in rule.keys}
    if rule.kind == "enum":
        return str(stored)
    return _typed_number(rule.kind, stored)


def _typed_number(kind: str, stored: Any) -> Any:
    if kind in INTEGER_KINDS:
        return int(stored)
    if kind in DECIMAL_KINDS:
        return Decimal(str(stored))
    return stored


def stored(rule: Rule, value: Any) -> Any:
    """A typed value (e.g. the registry's default) as it is stored and served in JSON."""
    if value is None:
        return None
    if rule.kind == "mapping":
        return {str(key): _stored_number(rule.value_kind, value[key]) for key, _ in rule.keys}
    if rule.kind == "enum":
        return str(value)
    return _stored_number(rule.kind, value)


def _stored_number(kind: str, value: Any) -> Any:
    return str(value) if kind in DECIMAL_KINDS else int(value)


def clean(rule: Rule, raw: Any) -> Any:
    """Check a value given by a person or an API client; return it in its stored form.

    Accepts the typed form, its JSON form, or text: "3", "95.5", "suspend", and for a mapping a
    dict or "consult=3,help=3" / "4:10,5:5". Raises InvalidValue with a Chinese message."""
    if rule.kind == "enum":
        value = str(raw).strip() if raw is not None else ""
        allowed = dict(rule.choices)
        if value not in allowed:
            names = "、".join(f"{label}（{code}）" for code, label in rule.choices)
            raise InvalidValue(f"取值应为以下之一：{names}。")
        return value
    if rule.kind == "mapping":
        entries = _mapping_entries(raw)
        known = {str(key): label for key, label in rule.keys}
        unknown = sorted(set(entries) - set(known))
        if unknown:
            raise InvalidValue(f"未知的项：{'、'.join(unknown)}；应为 {'、'.join(known)}。")
        missing = [label for key, label in known.items() if key not in entries]
        if missing:
            raise InvalidValue(f"缺少以下各项的取值：{'、'.join(missing)}。")
        return {key: _clean_number(rule, rule.value_kind, entries[key], label=f"“{label}”")
                for key, label in known.items()}
    return _clean_number(rule, rule.kind, raw)


def _mapping_entries(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return {str(key).strip(): value for key, value in raw.items()}
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidValue("请按“项=数值”填写，多项以逗号分隔，例如 consult=3,help=3。")
    entries: dict[str, Any] = {}
    for part in raw.replace("，", ",").split(","):
        if not part.strip():
            continue
        for separator in ("=", ":", "："):
            if separator in part:
                key, value = part.split(separator, 1)
                break
        else:
            raise InvalidValue(f"“{part.strip()}”应写作“项=数值”。")
        if key.strip() in entries:
            raise InvalidValue(f"“{key.strip()}”重复填写。")
        entries[key.strip()] = value.strip()
    return entries


def _clean_number(rule: Rule, kind: str, raw: Any, *, label: str = "") -> Any:
    prefix = f"{label}的取值" if label else "取值"
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidValue(f"{prefix}不能为空，应为数字。")
    if kind in INTEGER_KINDS:
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise InvalidValue(f"{prefix}应为整数。") from None
        if not number.is_finite() or number != number.to_integral_value():
            raise InvalidValue(f"{prefix}应为整数。")
        value: int | Decimal = int(number)
    else:
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise InvalidValue(f"{prefix}应为数字。") from None
        if not value.is_finite():
            raise InvalidValue(f"{prefix}应为数字。")
        if value.as_tuple().exponent < -2:  # type: ignore[operator]
            raise InvalidValue(f"{prefix}最多保留两位小数。")
    if rule.min is not None and value < rule.min:
        raise InvalidValue(f"{prefix}不能小于 {rule.min}{rule.unit}。")
    if rule.max is not None and value > rule.max:
        raise InvalidValue(f"{prefix}不能大于 {rule.max}{rule.unit}。")
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def display(rule: Rule, value: Any) -> str:
    """A typed value in words, for pages: "2个工作日", "中止办理", "咨询 3、求助 3 …"."""
    if value is None:
        return "未设定"
    if rule.kind == "enum":
        return dict(rule.choices).get(value, str(value))
    if rule.kind == "mapping":
        return "；".join(f"{label} {value[key]}" for key, label in rule.keys) + f"（{rule.unit}）"
    return f"{value}{rule.unit}"
