"""Import the catalog workbook: every row is checked, then all items are written — or none.

1. `read_workbook` parses the cells; each item's guide goes through `validate_guide` and the
   code checks (基本编码, 部门, 区划, 实施编码, duplicates), every error mapped to its cell.
2. In ONE transaction each item is compared with its open revision and its published version:
   equal to either → unchanged (an untouched export never overwrites a draft in progress);
   new → a draft (`create_item`); changed → a revision draft (`start_revision` + `save_draft`).
   A department may change only its own items (`can_edit_item`). Any error, or `dry_run`,
   rolls the whole transaction back.

Imported versions stay drafts: they go through joint review (联合审核) like any other edit.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from django.db import transaction

from tongban.accounts.models import Department, Region
from tongban.audit import services as audit
from tongban.core.errors import DomainError, InvalidInput

from .. import services
from ..constants import VersionStatus
from ..guide import code_lists, guide_of
from ..models import BasicItem, ServiceItem
from ..models.versions import OPEN_STATUSES
from ..permissions import can_edit_item
from ..validation import (
    BASIC_CODE, BUSINESS_ITEM_NUMBER, FieldError, validate_basic_code, validate_guide,
    validate_implementation_code,
)
from .reader import CellError, ParsedItem, ParsedWorkbook, read_workbook
from .template import DATA_SHEETS, ITEM_SHEET, SHEETS_BY_ELEMENT, comparable
from .. import events as catalog_events

Progress = Callable[[int, int], None]
CHUNK = 500
AUDIT_STREAM = "catalog.excel_import"


@dataclass
class ImportReport:
    dry_run: bool
    total: int = 0
    created: list[dict[str, Any]] = field(default_factory=list)
    revised: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[dict[str, Any]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if not self.valid:
            return f"导入失败：共 {len(self.errors)} 处错误，未写入任何数据。"
        verb = "试导入通过（未写入）：将" if self.dry_run else "导入成功："
        return (f"{verb}新增 {len(self.created)} 项，修订 {len(self.revised)} 项，"
                f"未变 {len(self.unchanged)} 项。")

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "dry_run": self.dry_run, "total": self.total,
                "summary": self.summary, "created": self.created, "revised": self.revised,
                "unchanged": self.unchanged, "errors": [error.as_dict() for error in self.errors]}


def _by(queryset, field_name: str, values: Iterable[str]) -> dict[str, Any]:
    """Rows keyed by `field_name`, fetched in chunks (SQLite limits query parameters)."""
    values, found = sorted({value for value in values if value}), {}
    for start in range(0, len(values), CHUNK):
        chunk = values[start:start + CHUNK]
        rows = queryset.filter(**{f"{field_name}__in": chunk})
        found.update((getattr(row, field_name), row) for row in rows)
    return found


@dataclass
class _Context:
    parsed: ParsedWorkbook
    actor: Any
    now: datetime
    codes: Any = None
    basic_items: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)
    failed_rows: set[int] = field(default_factory=set)

    def load(self) -> None:
        places = [item.placement for item in self.parsed.items]
        self.codes = code_lists()
        self.basic_items = _by(BasicItem.objects.select_related("item_type"), "basic_code",
                               (place["basic_code"] for place in places))
        self.departments = _by(Department.objects.all(), "code",
                               (place["department_code"] for place in places))
        self.regions = _by(Region.objects.all(), "code", (place["region_code"] for place in places))
        self.existing = _by(ServiceItem.objects.select_related("published_version"),
                            "implementation_code", (p["implementation_code"] for p in places))

    def report(self, item: ParsedItem, problems: list[FieldError]) -> None:
        """Each problem at its cell, unless that cell already has one (reported when read)."""
        taken = {(e.sheet, e.row, e.column) for e in self.parsed.errors if e.column}
        for problem in problems:
            sheet, row, key = self.parsed.locate(item, problem.field)
            letter = self.parsed.letters.get(sheet.title, {}).get(key) if key else None
            if letter is None or (sheet.title, row, letter) not in taken:
                self.parsed.error(sheet, row, key, problem.code, problem.message, problem.field)
            self.failed_rows.add(item.row)


def _placement_problems(item: ParsedItem, context: _Context) -> list[FieldError]:
    place, guide, problems = item.placement, item.guide, []
    basic = context.basic_items.get(place["basic_code"])
    department = context.departments.get(place["department_code"])
    if place["basic_code"] and basic is None:
        if BASIC_CODE.match(place["basic_code"]):
            problems.append(FieldError("basic_code", "catalog.unknown_basic_code",
                                       f"基本目录中没有基本编码 {place['basic_code']}。"))
        else:
            problems += validate_basic_code(place["basic_code"], guide["item_type"] or "")
    elif basic is not None and guide["item_type"] in context.codes.item_types:
        problems += validate_basic_code(basic.basic_code, guide["item_type"])
    if place["department_code"] and department is None:
        problems.append(FieldError("department_code", "catalog.unknown_department",
                                   f"部门编码 {place['department_code']} 不存在。"))
    elif department is not None and not department.uscc:
        problems.append(FieldError("department_code", "catalog.department_without_uscc",
                                   f"部门“{department.name}”未登记统一社会信用代码，无法生成实施编码。"))
    if place["region_code"] and place["region_code"] not in context.regions:
        problems.append(FieldError("region_code", "catalog.unknown_region",
                                   f"区划代码 {place['region_code']} 不存在。"))
    number = place["business_item_number"] or ""
    if not BUSINESS_ITEM_NUMBER.match(number):
        problems.append(FieldError("business_item_number", "catalog.business_item_number",
                                   "业务办理项编号应为 2 位数字（00–99）。"))
    elif basic is not None and department is not None and department.uscc:
        code_problems = validate_implementation_code(item.code, department.uscc, basic.basic_code)
        if not code_problems and item.code[28:] != number:
            code_problems = [FieldError("implementation_code", "catalog.implementation_code_number",
                                        f"实施编码末 2 位应为业务办理项编号 {number}。")]
        problems += code_problems
    existing = context.existing.get(item.code)
    region = context.regions.get(place["region_code"])
    if existing is not None and not problems and None not in (basic, department, region):
        moved = [(key, label) for key, label, now, before in (
            ("basic_code", "基本编码", basic.pk, existing.basic_item_id),
            ("department_code", "部门编码", department.pk, existing.department_id),
            ("region_code", "区划代码", region.pk, existing.region_id),
        ) if now != before]
        problems += [FieldError(key, "catalog.item_moved",
                                f"实施编码 {item.code} 已登记为其他{label}的事项；导入不能改变已有事项的{label}。")
                     for key, label in moved]
    return problems


def _check(item: ParsedItem, context: _Context) -> None:
    problems = _placement_problems(item, context) + validate_guide(item.guide, context.codes)
    context.report(item, problems)


def _entry(item: ParsedItem, version=None) -> dict[str, Any]:
    return {"implementation_code": item.code, "name": item.guide.get("name") or "", "row": item.row,
            "version": version.number if version is not None else None}


def _current(existing: ServiceItem):
    return existing.versions.filter(status__in=OPEN_STATUSES).first() or existing.published_version


def _unchanged(existing: ServiceItem, current, guide: dict[str, Any]) -> bool:
    """Equal to the open revision or to the published version: an untouched export of the
    published catalog never overwrites a revision in progress."""
    wanted = comparable(guide)
    candidates = {current.pk: current} if current is not None else {}
    if existing.published_version_id:
        candidates.setdefault(existing.published_version_id, existing.published_version)
    return any(comparable(guide_of(version)) == wanted for version in candidates.values())


def _refusal(existing: ServiceItem | None, current, context: _Context, department
             ) -> FieldError | None:
    """Why this actor may not change this item now, if they may not."""
    if not can_edit_item(context.actor, existing or ServiceItem(department=department)):
        return FieldError("department_code", "catalog.not_own_department",
                          f"只能导入本部门实施的事项；该事项由“{department.name}”实施。")
    if existing is not None and existing.is_retired:
        return FieldError("implementation_code", catalog_events.RETIRED, "该事项已取消，不能导入修改。")
    if current is not None and current.status == VersionStatus.SUBMITTED:
        return FieldError("implementation_code", "catalog.under_review",
                          f"该事项第 {current.number} 版正在联合审核，审核结束前不能导入修改。")
    return None


def _apply(item: ParsedItem, context: _Context, report: ImportReport, write: bool) -> None:
    place = item.placement
    department = context.departments[place["department_code"]]
    existing = context.existing.get(item.code)
    current = _current(existing) if existing is not None else None
    if existing is not None and _unchanged(existing, current, item.guide):
        report.unchanged.append(_entry(item, current))
        return
    refusal = _refusal(existing, current, context, department)
    if refusal:
        return context.report(item, [refusal])
    version = None
    if write:
        try:
            with transaction.atomic():
                version = _write(item, existing, context, department)
        except InvalidInput as error:
            return context.report(item, error.errors)
        except DomainError as error:
            context.parsed.error(ITEM_SHEET, item.row, None, error.code, error.message,
                                 "implementation_code")
            return context.failed_rows.add(item.row)
    (report.created if existing is None else report.revised).append(_entry(item, version))


def _write(item: ParsedItem, existing: ServiceItem | None, context: _Context, department):
    actor, now, place = context.actor, context.now, item.placement
    if existing is None:
        return services.create_item(
            actor=actor, basic_item=context.basic_items[place["basic_code"]], department=department,
            region=context.regions[place["region_code"]], guide=item.guide, now=now,
            business_item_number=place["business_item_number"])
    draft = services.start_revision(actor=actor, item=existing, now=now)
    return services.save_draft(actor=actor, version=draft, guide=item.guide,
                               expected_revision=draft.revision, now=now)


def _reading_order(error: CellError) -> tuple:
    """Errors as a person reads the file: sheet by sheet, row by row, column by column."""
    titles = [sheet.title for sheet in DATA_SHEETS]
    sheet = titles.index(error.sheet) if error.sheet in titles else -1
    column = error.column or ""
    return sheet, error.row or 0, len(column), column


def _has_errors(item: ParsedItem, failed: set[tuple[str, int | None]]) -> bool:
    if (ITEM_SHEET.title, item.row) in failed:
        return True
    return any((SHEETS_BY_ELEMENT[element].title, row) in failed
               for element, rows in item.element_rows.items() for row in rows)


def import_catalog(stream: BinaryIO, *, actor, now: datetime, dry_run: bool = False,
                   progress: Progress | None = None) -> ImportReport:
    """Validate the whole workbook and, unless `dry_run` or anything is wrong, write it."""
    parsed = read_workbook(stream)
    report = ImportReport(dry_run=dry_run, total=len(parsed.items))
    context = _Context(parsed, actor, now)
    context.load()
    for item in parsed.items:
        _check(item, context)
    failed = {(error.sheet, error.row) for error in parsed.errors}
    with transaction.atomic():
        for done, item in enumerate(parsed.items, start=1):
            if item.row not in context.failed_rows and not _has_errors(item, failed):
                _apply(item, context, report, write=not dry_run and not parsed.errors)
            if progress is not None:
                progress(done, len(parsed.items))
        if not parsed.errors and not dry_run and (report.created or report.revised):
            counts = {key: len(getattr(report, key)) for key in ("created", "revised", "unchanged")}
            audit.record(actor=actor, action=catalog_events.EXCEL_IMPORTED, target=AUDIT_STREAM,
                         now=now, after=counts)
        if parsed.errors or dry_run:
            transaction.set_rollback(True)
    report.errors = sorted(parsed.errors, key=_reading_order)
    if report.errors:
        report.created, report.revised, report.unchanged = [], [], []
    return report
