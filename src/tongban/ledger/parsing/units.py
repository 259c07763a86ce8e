"""Unit (牵头/责任单位) lists: splitting a parenthesised list and normalising names.

The department table and its aliases are data passed in (``UnitTable``); the defaults below are the
abbreviations every Shandong gazette uses. A district adds its own aliases (DepartmentAlias rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .model import UnitRef

#: Common abbreviations → the long form. Data, extended per district.
DEFAULT_ALIASES: dict[str, str] = {
    "区审批局": "区行政审批服务局",
    "区审批服务局": "区行政审批服务局",
    "区行政审批局": "区行政审批服务局",
    "区政务服务管理办公室": "区行政审批服务局",
    "区发改局": "区发展改革局",
    "区发展和改革局": "区发展改革局",
    "区住建局": "区住房城乡建设局",
    "区住房和城乡建设局": "区住房城乡建设局",
    "区人社局": "区人力资源社会保障局",
    "区人力资源和社会保障局": "区人力资源社会保障局",
    "区卫健局": "区卫生健康局",
    "区卫生和健康局": "区卫生健康局",
    "区交运局": "区交通运输局",
    "区交通局": "区交通运输局",
    "区教体局": "区教育和体育局",
    "区水务局": "区城乡水务局",
    "区市场监督管理局": "区市场监管局",
    "区自然资源和规划局": "区自然资源局",
    "区执法局": "区综合行政执法局",
    "区行政执法局": "区综合行政执法局",
    "区农业局": "区农业农村局",
    "区医疗保障局": "区医保局",
    "区大数据中心": "区大数据局",
    "区商务局": "区商务局",
    "区应急局": "区应急管理局",
    "区文旅局": "区文化和旅游局",
    "区工信局": "区工业和信息化局",
    "区发展改革委": "区发展改革局",
}

#: Collective units: real owners on paper, no single department behind them.
COLLECTIVE_PATTERNS = (
    r"区直.*部门", r"区政府.*部门", r"有关部门", r"相关部门", r"各镇.*", r".*街道.*", r".*管委会",
    r"各大企业", r"专营单位", r"各部门", r".*部门单位$", r".*企事业单位",
)
_COLLECTIVE = re.compile("^(?:" + "|".join(COLLECTIVE_PATTERNS) + ")$")

#: Words that look like units but are duties or fillers.
_TRAILING = re.compile(r"(按照?职责分工负责|按职责负责|按部门职责分工负责|按职责分工|分别负责|共同负责|负责|配合|参与|落实)$")
_SPLIT = re.compile(r"[、，,；;\s/]+|和(?=有关|相关|其他)")
_NESTED = re.compile(r"[（(][^（()）]*[)）]")
_UNIT_WORD = re.compile(r"(局|办|委|院|会|中心|政府|部|处|所|站|队|公司|单位|部门|组|团|联|厅|社|行|馆|台|街道|分局|室|协会|镇)$")


class UnitTable:
    """Canonical unit names plus aliases; ``resolve`` maps a written name to a canonical one."""

    def __init__(self, names: Iterable[str] = (), aliases: Mapping[str, str] | None = None,
                 short_names: Mapping[str, str] | None = None, district_names: Iterable[str] = ()):
        self.names = {n for n in names}
        self.aliases = dict(DEFAULT_ALIASES)
        self.aliases.update(aliases or {})
        self.short = {}
        for full, short in (short_names or {}).items():
            if short:
                self.short[short] = full
                self.short["区" + short] = full
        # "兰山公安分局" → "区公安分局": the district's own name may stand where 区 does.
        self.district_names = sorted({d for d in district_names if d}, key=len, reverse=True)

    def resolve(self, raw: str) -> UnitRef:
        name = raw.strip()
        for candidate in self._candidates(name):
            if candidate in self.names:
                return UnitRef(raw, candidate, True)
            target = self.aliases.get(candidate) or self.short.get(candidate)
            if target and (target in self.names or not self.names):
                return UnitRef(raw, target, True)
        if _COLLECTIVE.match(name):
            return UnitRef(raw, name, True, collective=True)
        # Without a table every well-formed name counts as known; with one, unknown is uncertain.
        return UnitRef(raw, self.aliases.get(name, name), not self.names and bool(_UNIT_WORD.search(name)))

    def _candidates(self, name: str) -> list[str]:
        out = [name]
        for district in self.district_names:
            for prefix in (district + "区", district):
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    out.append("区" + name[len(prefix):])
        if not name.startswith("区"):
            out.append("区" + name)
        return out


def split_units(text: str) -> list[str]:
    """'区市场监管局、区税务局等区直有关部门单位' → ['区市场监管局', '区税务局', '区直有关部门单位']."""
    text = _NESTED.sub("", text)
    text = _TRAILING.sub("", text.strip(" ，,；;。"))
    out: list[str] = []
    for piece in _SPLIT.split(text):
        piece = _TRAILING.sub("", piece.strip(" ：:"))
        if not piece:
            continue
        if "等" in piece:
            head, _, tail = piece.partition("等")
            tail = tail.strip()
            for part in (head, tail):
                if part and part not in ("部门", "单位", "相关部门", "有关部门"):
                    out.append(part)
            continue
        out.append(piece)
    return [p for p in out if len(p) >= 2]
