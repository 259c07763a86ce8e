"""Side-by-side differences between two guides, for the joint reviewer (联合审核)."""

from dataclasses import dataclass
from typing import Any

from .guide import ELEMENTS, SCALAR_FIELDS
from .models import ServiceItemVersion

ELEMENT_LABELS = {
    "conditions": "受理条件", "materials": "申请材料", "steps": "办理流程",
    "special_procedures": "特别程序", "fees": "收费",
}


@dataclass(frozen=True)
class DiffRow:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


EXTRA_LABELS = {"item_type": "事项类型", "result_license_type": "结果证照类型", "themes": "主题",
                "co_departments": "并联审批部门"}


def _label(field: str) -> str:
    if field in EXTRA_LABELS:
        return EXTRA_LABELS[field]
    return str(ServiceItemVersion._meta.get_field(field).verbose_name)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(part) for part in value)
    return "" if value is None else str(value)


def _element_text(element: dict[str, Any]) -> str:
    return "；".join(f"{key}={_text(value)}" for key, value in element.items() if value not in ("", None, False))


def diff_guides(old: dict[str, Any] | None, new: dict[str, Any]) -> list[DiffRow]:
    """One row per scalar element and per list entry; `old` None means a first version."""
    old = old or {}
    rows = [
        DiffRow(_label(field), _text(old.get(field)), _text(new.get(field)))
        for field in [*SCALAR_FIELDS, *EXTRA_LABELS]
    ]
    for key in ELEMENTS:
        before, after = old.get(key) or [], new.get(key) or []
        for index in range(max(len(before), len(after))):
            rows.append(DiffRow(
                f"{ELEMENT_LABELS[key]} {index + 1}",
                _element_text(before[index]) if index < len(before) else "",
                _element_text(after[index]) if index < len(after) else "",
            ))
    return rows
