"""Read the catalog workbook into a guide dict per item, each problem located by sheet/row/column.

Reading only checks the cells themselves (是/否, integers, names of code-list entries, JSON,
lengths, keys of the element sheets); the rules of a guide are `validation.validate_guide`'s
job, and `ParsedWorkbook.locate` maps its field paths ("materials[2].name") back to cells.
"""

import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import FieldDoesNotExist
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..guide import ELEMENTS
from ..models import ServiceItemVersion
from .template import (
    BOOL, CODE, CODES, DATA_SHEETS, ELEMENT_SHEETS, ENUM, INT, ITEM_SHEET, JSON, NO,
    PLACEMENT_KEYS, SHEETS_BY_ELEMENT, TEXT, YES, Column, Sheet, code_of,
)

MAX_ROWS = 50_000
MAX_INT = 32767
SEPARATORS = re.compile(r"[,，、;；\s]+")
ELEMENT_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")
# Guide fields whose errors belong to another column than their name says.
FIELD_COLUMNS = {"fees": "is_free"}


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int | None
    column: str | None  # column letter
    header: str | None
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」" if self.sheet else "文件"
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f" {self.column} 列（{self.header}）"
        elif self.header:
            where += f"（{self.header}）"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header,
                "field": self.field, "code": self.code, "message": self.message, "text": str(self)}


@dataclass
class ParsedItem:
    row: int
    placement: dict[str, str]
    guide: dict[str, Any]
    element_rows: dict[str, list[int]] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.placement["implementation_code"]


@dataclass
class ParsedWorkbook:
    items: list[ParsedItem] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    letters: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → letter

    def error(self, sheet: Sheet, row: int | None, key: str | None, code: str, message: str,
              field_path: str | None = None) -> CellError:
        index = sheet.index(key) if key else None
        header = sheet.columns[index].header if index is not None else None
        letter = self.letters.get(sheet.title, {}).get(key) if key else None
        path = field_path or key or ""
        problem = CellError(sheet.title, row, letter, header, path, code, message)
        self.errors.append(problem)
        return problem

    def locate(self, item: ParsedItem, field_path: str) -> tuple[Sheet, int, str]:
        """The sheet, row and column key holding a guide field path of an item."""
        match = ELEMENT_FIELD.match(field_path)
        if match and match[1] in SHEETS_BY_ELEMENT:
            rows = item.element_rows.get(match[1], [])
            if int(match[2]) < len(rows):
                return SHEETS_BY_ELEMENT[match[1]], rows[int(match[2])], match[3]
        key = FIELD_COLUMNS.get(field_path, field_path)
        return ITEM_SHEET, item.row, key if ITEM_SHEET.index(key) is not None else None


def _max_length(sheet: Sheet, column: Column) -> int | None:
    model = ServiceItemVersion if sheet.element is None else ELEMENTS[sheet.element][0]
    try:
        return getattr(model._meta.get_field(column.key), "max_length", None)
    except FieldDoesNotExist:
        return 64 if column.key == "implementation_code" else None


def _number(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*-?\d+\s*", raw):
        return int(raw)
    return None


def _text(raw: Any) -> str | None:
    if isinstance(raw, str):
        return raw
    number = _number(raw)
    return str(number) if number is not None else (str(raw) if isinstance(raw, float) else None)


def _blank(cell) -> bool:
    return cell is None or cell.value is None or str(cell.value).strip() == ""


def parse_cell(column: Column, raw: Any, max_length: int | None = None) -> tuple[Any, str | None]:
    """(value for the guide, Chinese problem or None) of one cell."""
    header = column.header
    if raw is None or (isinstance(raw, str) and not raw.strip() and column.kind != TEXT):
        if column.required and column.kind in (INT, ENUM, CODE):
            return None, f"请填写{header}。"
        return (list(column.default) if isinstance(column.default, list) else column.default), None
    if column.kind == INT:
        number = _number(raw)
        if number is None:
            return None, f"{header}应为整数，实为“{raw}”。"
        if abs(number) > MAX_INT:
            return None, f"{header}数值过大（不超过 {MAX_INT}）。"
        return number, None
    if column.kind == BOOL:
        if isinstance(raw, bool):
            return raw, None
        text = str(raw).strip()
        if text in (YES, NO):
            return text == YES, None
        return None, f"{header}应填写“{YES}”或“{NO}”，实为“{text}”。"
    text = _text(raw)
    if text is None:
        return None, f"{header}应为文本，请将单元格设为文本格式。"
    if column.kind == ENUM:
        code = code_of(column.choices, text.strip())
        if code is None:
            labels = "、".join(label for _, label in column.choices.choices)
            return None, f"“{text.strip()}”不是有效的{header}，可选：{labels}。"
        return code, None
    if column.kind == CODES:
        codes = [code for code in SEPARATORS.split(text) if code]
        codes = list(dict.fromkeys(codes))
        return (sorted(codes) if column.unordered else codes), None
    if column.kind == JSON:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            return None, f"{header}应为 JSON 对象，如 {{\"field\": \"x\", \"op\": \">\", \"value\": 1}}。"
        return value, None
    if column.kind == CODE:
        text = text.strip()
        if column.digits and text.isdigit():
            text = text.zfill(column.digits)
    if max_length and len(text) > max_length:
        return None, f"{header}不能超过 {max_length} 个字。"
    return text, None


@dataclass
class _Row:
    number: int
    values: dict[str, Any]


def _read_sheet(book, sheet: Sheet, parsed: ParsedWorkbook) -> list[_Row]:
    if sheet.title not in book.sheetnames:
        parsed.error(sheet, None, None, "excel.sheet_missing", "缺少该工作表，请使用系统导出的模板。")
        return []
    worksheet = book[sheet.title]
    worksheet.reset_dimensions()  # files from other tools may carry a wrong <dimension>
    rows = worksheet.iter_rows()
    positions: dict[str, int] = {}
    for index, cell in enumerate(next(rows, ())):
        if cell.value is not None:
            positions.setdefault(str(cell.value).strip(), index)
    parsed.letters[sheet.title] = {column.key: get_column_letter(positions[column.header] + 1)
                                   for column in sheet.columns if column.header in positions}
    missing = [column for column in sheet.columns if column.header not in positions]
    for column in missing:
        parsed.error(sheet, 1, column.key, "excel.column_missing", f"缺少列“{column.header}”。")
    if missing:
        return []
    lengths = {column.key: _max_length(sheet, column) for column in sheet.columns}
    result = []
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            parsed.error(sheet, number, None, "excel.too_many_rows", f"行数超过上限 {MAX_ROWS}，请分批导入。")
            break
        raw = {column.key: cells[positions[column.header]] if positions[column.header] < len(cells)
               else None for column in sheet.columns}
        if all(_blank(cell) for cell in raw.values()):
            continue
        values = {}
        for column in sheet.columns:
            cell = raw[column.key]
            if cell is not None and cell.data_type == "f":
                values[column.key] = None
                parsed.error(sheet, number, column.key, "excel.formula", "不支持公式，请直接填写值。")
                continue
            raw_value = None if cell is None else cell.value
            value, problem = parse_cell(column, raw_value, lengths[column.key])
            values[column.key] = value
            if problem:
                path = column.key if sheet.element is None else f"{sheet.element}.{column.key}"
                parsed.error(sheet, number, column.key, "excel.cell", problem, path)
        result.append(_Row(number, values))
    return result


def _items(rows: list[_Row], parsed: ParsedWorkbook) -> dict[str, ParsedItem]:
    items: dict[str, ParsedItem] = {}
    for row in rows:
        code = row.values["implementation_code"]
        if not code:
            continue
        if code in items:
            parsed.error(ITEM_SHEET, row.number, "implementation_code", "catalog.duplicate_code",
                         f"实施编码 {code} 与第 {items[code].row} 行重复。")
            continue
        placement = {key: row.values[key] for key in PLACEMENT_KEYS}
        guide = {key: value for key, value in row.values.items() if key not in PLACEMENT_KEYS}
        for sheet in ELEMENT_SHEETS:
            guide[sheet.element] = []
        items[code] = ParsedItem(row.number, placement, guide,
                                 {sheet.element: [] for sheet in ELEMENT_SHEETS})
    return items


def _attach(sheet: Sheet, rows: list[_Row], items: dict[str, ParsedItem], duplicated: set[str],
            parsed: ParsedWorkbook) -> None:
    grouped: dict[str, list[_Row]] = {}
    for row in rows:
        code, order = row.values["implementation_code"], row.values["order"]
        if not code or order is None:
            continue
        if code not in items:
            if code not in duplicated:
                parsed.error(sheet, row.number, "implementation_code", "excel.unknown_item",
                             f"「{ITEM_SHEET.title}」表中没有实施编码为 {code} 的事项。")
            continue
        grouped.setdefault(code, []).append(row)
    for code, group in grouped.items():
        item, seen = items[code], {}
        for row in sorted(group, key=lambda r: (r.values["order"], r.number)):
            order = row.values["order"]
            if order < 1 or order in seen:
                message = "序号应至少为 1。" if order < 1 else f"序号 {order} 与第 {seen[order]} 行重复。"
                parsed.error(sheet, row.number, "order", "excel.order", message)
                continue
            seen[order] = row.number
            element = {key: value for key, value in row.values.items()
                       if key not in ("implementation_code", "order")}
            item.guide[sheet.element].append(element)
            item.element_rows[sheet.element].append(row.number)


def read_workbook(stream: BinaryIO) -> ParsedWorkbook:
    """Every item of the workbook as placement + guide, and every cell-level problem."""
    parsed = ParsedWorkbook()
    try:
        book = load_workbook(stream, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        parsed.errors.append(CellError("", None, None, None, "file", "excel.not_a_workbook",
                                       "文件不是有效的 Excel 工作簿（.xlsx），请使用系统导出的模板。"))
        return parsed
    try:
        rows = {sheet.title: _read_sheet(book, sheet, parsed) for sheet in DATA_SHEETS}
    finally:
        book.close()
    item_rows = rows[ITEM_SHEET.title]
    items = _items(item_rows, parsed)
    counts = Counter(row.values["implementation_code"] for row in item_rows)
    duplicated = {code for code, count in counts.items() if code and count > 1}
    for sheet in ELEMENT_SHEETS:
        _attach(sheet, rows[sheet.title], items, duplicated, parsed)
    parsed.items = sorted(items.values(), key=lambda item: item.row)
    return parsed
