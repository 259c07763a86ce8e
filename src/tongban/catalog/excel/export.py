"""Write the catalog workbook: the documented template, filled with guides in a fixed order.

Two exports of the same data hold the same cells (and, with the fixed timestamps below, the
same bytes), so export → import → export can be compared and an unchanged file re-imports as
"unchanged".
"""

import datetime
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from tongban.accounts.models import Department, Region

from .. import constants
from ..guide import guide_of
from ..models import ItemType, LicenseType, ServiceItem, ServiceItemVersion, Theme
from .template import (
    BOOL, CODE, CODES, DATA_SHEETS, ELEMENT_SHEETS, ENUM, INSTRUCTIONS, INSTRUCTIONS_SHEET,
    ITEM_SHEET, NO, TEXT, YES, Sheet, cell_value,
)

FIXED_TIME = datetime.datetime(2026, 1, 1)
ZIP_TIME = FIXED_TIME.timetuple()[:6]
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
LAST_ROW = 1048576


class _StableZipFile(zipfile.ZipFile):
    """A zip whose members all carry one timestamp: equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each worksheet from a temporary file; keep its mtime out of the zip.
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read(), compress_type, compresslevel)


def _versions(entries) -> list[ServiceItemVersion]:
    """Published versions of items, or the versions given, in implementation-code order."""
    versions = ServiceItemVersion.objects.select_related(
        "item__basic_item", "item__department", "item__region", "item_type", "result_license_type",
    ).prefetch_related("themes", "co_departments", "acceptanceconditions", "steps",
                       "specialprocedures", "fees")
    if isinstance(entries, QuerySet) and entries.model is ServiceItem:
        versions = versions.filter(pk__in=entries.filter(published_version__isnull=False)
                                   .values("published_version"))
    else:
        ids = set()
        for entry in entries:
            if isinstance(entry, ServiceItemVersion):
                ids.add(entry.pk)
            elif entry.published_version_id:
                ids.add(entry.published_version_id)
        versions = versions.filter(pk__in=ids)
    found = list(versions.order_by("item__implementation_code", "number"))
    codes = [version.item.implementation_code for version in found]
    if len(set(codes)) != len(codes):
        raise ValueError("每个事项只能导出一个版本。")
    return found


def _header(ws, sheet: Sheet) -> None:
    for position, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(position)
        cell = ws.cell(row=1, column=position, value=column.header)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.comment = Comment(column.note or column.values_note(), "通办")
        ws.column_dimensions[letter].width = column.width
        if column.kind in (TEXT, CODE, CODES):
            ws.column_dimensions[letter].number_format = "@"
        if column.kind in (BOOL, ENUM):
            labels = [YES, NO] if column.kind == BOOL else [x for _, x in column.choices.choices]
            validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle=column.header, error="请从下拉列表中选择。")
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = sheet.freeze


def _append(ws, sheet: Sheet, row: int, values: dict) -> None:
    for position, column in enumerate(sheet.columns, start=1):
        value = cell_value(column, values.get(column.key))
        cell = ws.cell(row=row, column=position, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula, even when it starts with "="
            if column.kind in (TEXT, CODE, CODES):
                cell.number_format = "@"


def _code_lists() -> list[tuple[str, list[tuple[str, str]]]]:
    enums = []
    seen = set()
    for sheet in DATA_SHEETS:
        for column in sheet.columns:
            if column.kind == ENUM and column.choices not in seen:
                seen.add(column.choices)
                title = "时限单位" if column.choices is constants.TimeUnit else column.header
                enums.append((f"{title}（填写名称，右为系统代码）",
                              [(label, code) for code, label in column.choices.choices]))
    return [
        ("事项类型代码", [(t.code, t.name + ("（许可类）" if t.is_licensing else ""))
                     for t in ItemType.objects.filter(is_active=True).order_by("code")]),
        ("服务对象代码", list(constants.ServiceObject.choices)),
        ("主题编码", [(t.code, f"{t.name}（{t.get_audience_display()}）")
                  for t in Theme.objects.order_by("code")]),
        ("证照类型代码", [(t.code, t.name) for t in LicenseType.objects.order_by("code")]),
        ("部门编码（实施机构、并联审批部门）",
         [(d.code, d.name) for d in Department.objects.order_by("code")]),
        ("区划代码", [(r.code, r.name) for r in Region.objects.order_by("path")]),
        *enums,
    ]


def _instructions(ws) -> None:
    ws.append([INSTRUCTIONS[0]])
    ws["A1"].font = Font(bold=True, size=14)
    for line in INSTRUCTIONS[1:]:
        ws.append([line])
    ws.append([])
    ws.append(["列说明"])
    ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
    ws.append(["工作表", "列", "列名", "必填", "取值", "默认值", "说明"])
    for sheet in DATA_SHEETS:
        for position, column in enumerate(sheet.columns, start=1):
            ws.append([sheet.title, get_column_letter(position), column.header,
                       YES if column.required else NO, column.values_note(),
                       column.default_note() or None, column.note or None])
    for title, rows in _code_lists():
        ws.append([])
        ws.append([f"代码表：{title}"])
        ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
        for first, second in rows or [("（暂无）", None)]:
            ws.append([first or "（空）", "（空）" if second == "" else second])
    for letter, width in zip("ABCDEFG", (22, 8, 20, 6, 36, 10, 60), strict=True):
        ws.column_dimensions[letter].width = width


def _write(workbook: Workbook, stream: BinaryIO) -> None:
    workbook.properties.creator = "通办 Tongban"
    workbook.properties.title = "政务服务事项目录"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    with _StableZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()


def export_catalog(entries: Iterable, stream: BinaryIO) -> int:
    """Write the workbook of `entries` to `stream` and return how many items it holds.

    Each entry is a ServiceItem (its published version is written; unpublished items are left
    out) or a ServiceItemVersion (written as is). No entries gives the empty documented template.
    """
    versions = _versions(entries)
    workbook = Workbook()
    _instructions(workbook.active)
    workbook.active.title = INSTRUCTIONS_SHEET
    sheets = {sheet.title: workbook.create_sheet(sheet.title) for sheet in DATA_SHEETS}
    for sheet in DATA_SHEETS:
        _header(sheets[sheet.title], sheet)
    next_row = {sheet.title: 2 for sheet in DATA_SHEETS}
    for version in versions:
        item = version.item
        guide = guide_of(version)
        code = item.implementation_code
        placement = {
            "implementation_code": code, "basic_code": item.basic_item.basic_code,
            "department_code": item.department.code, "region_code": item.region.code,
            "business_item_number": item.business_item_number,
        }
        rows = [(ITEM_SHEET, {**guide, **placement})]
        for sheet in ELEMENT_SHEETS:
            rows += [(sheet, {**element, "implementation_code": code, "order": order})
                     for order, element in enumerate(guide[sheet.element], start=1)]
        for sheet, values in rows:
            _append(sheets[sheet.title], sheet, next_row[sheet.title], values)
            next_row[sheet.title] += 1
    _write(workbook, stream)
    return len(versions)
