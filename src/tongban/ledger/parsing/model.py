"""Plain data classes the parser returns (JSON-ready through ``as_dict``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitRef:
    raw: str            # as written in the plan, after whitespace repair
    name: str           # canonical name (department table) or the raw name when unknown
    known: bool         # found in the department table (or a known collective such as 各镇人民政府)
    collective: bool = False  # a collective (区直有关部门单位 …), not one department


@dataclass(frozen=True)
class Indicator:
    op: str             # one of >=, <=, =, >, <
    value: float
    unit: str
    name: str = ""      # the words before the operator ("网上申办率")
    source: str = ""    # the matched phrase

    def as_dict(self) -> dict:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {"op": self.op, "value": value, "unit": self.unit, "name": self.name, "source": self.source}


@dataclass
class ParsedTask:
    path: list[str]                 # the document's own numbering: ["附件", "一、", "1."]
    title: str
    text: str
    lead: list[UnitRef] = field(default_factory=list)
    responsible: list[UnitRef] = field(default_factory=list)
    deadline: dt.date | None = None
    open_ended: bool = False
    milestones: list[dt.date] = field(default_factory=list)
    deadline_source: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)   # field names the parser was unsure of
    notes: list[str] = field(default_factory=list)       # why (Chinese, shown on the review page)
    start: int = 0                  # offset of the task in the cleaned text
    end: int = 0

    @property
    def numbering(self) -> str:
        return " ".join(self.path)

    def as_dict(self) -> dict:
        return {
            "numbering": self.numbering,
            "title": self.title,
            "text": self.text,
            "lead": [u.name for u in self.lead],
            "responsible": [u.name for u in self.responsible],
            "deadline_date": self.deadline.isoformat() if self.deadline else None,
            "open_ended": self.open_ended,
            "milestones": [m.isoformat() for m in self.milestones],
            "indicators": [i.as_dict() for i in self.indicators],
            "uncertain": list(self.uncertain),
            "notes": list(self.notes),
        }


@dataclass
class ParsedPlan:
    text: str                       # cleaned text the offsets refer to
    tasks: list[ParsedTask]
    year: int | None
    pages: int = 1
