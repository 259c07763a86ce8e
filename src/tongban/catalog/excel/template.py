"""The catalog workbook as data: its sheets, their columns, and how each kind of cell is written.

One row of 「事项」 per item; each repeated element of the guide (受理条件, 申请材料 …) has its
own sheet whose rows are keyed by 实施编码 + 序号. The keys of the columns are exactly the keys
of the guide dict (`tongban.catalog.guide`), so export, import and validation speak one shape.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.db import models
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from .. import constants

# Kinds of cell.
TEXT, CODE, INT, BOOL, ENUM, CODES, JSON = "text", "code", "int", "bool", "enum", "codes", "json"
YES, NO = "是", "否"
TEMPLATE_VERSION = "1"
INSTRUCTIONS_SHEET = "说明"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    width: int = 16
    required: bool = False
    default: Any = ""
    choices: type[models.TextChoices] | None = None
    digits: int = 0  # a code typed as a number gets its leading zeros back
    note: str = ""
    unordered: bool = False  # a set of codes: read back sorted, as guide_of gives it

    def values_note(self) -> str:
        """取值 column of the instructions: what a cell of this column may hold."""
        if self.kind == BOOL:
            return f"{YES} / {NO}"
        if self.kind == ENUM:
            return " / ".join(label for _, label in self.choices.choices)
        if self.kind == INT:
            return "整数"
        if self.kind == CODES:
            return "代码，多个以逗号分隔"
        if self.kind == JSON:
            return "JSON 对象"
        return "代码" if self.kind == CODE else "文本"

    def default_note(self) -> str:
        if self.required or self.default in ("", None, []):
            return ""
        if self.kind == BOOL:
            return YES if self.default else NO
        if self.kind == ENUM:
            return label_of(self.choices, self.default)
        return str(self.default)


@dataclass(frozen=True)
class Sheet:
    title: str
    element: str | None  # key of the repeated guide element; None for the item sheet
    columns: tuple[Column, ...]
    freeze: str = "A2"

    def index(self, key: str) -> int | None:
        for position, column in enumerate(self.columns):
            if column.key == key:
                return position
        return None

    def letter(self, key: str) -> str:
        return get_column_letter(self.index(key) + 1)


def _key_columns() -> tuple[Column, ...]:
    return (
        Column("implementation_code", "实施编码", CODE, 34, required=True, note="所属事项的实施编码"),
        Column("order", "序号", INT, 8, required=True, note="在该事项内的顺序，从 1 起，不重复"),
    )


C = constants
ITEM_SHEET = Sheet("事项", None, (
    Column("implementation_code", "实施编码", CODE, 34, required=True,
           note="30 位：实施机构统一社会信用代码 18 位 + 基本编码 10 位 + 业务办理项编号 2 位"),
    Column("basic_code", "基本编码", CODE, 14, required=True, digits=10,
           note="10 位数字：2 位事项类型 + 5 位主项 + 3 位子项，须已在基本目录中"),
    Column("department_code", "部门编码", CODE, 16, required=True, note="实施机构的部门编码"),
    Column("region_code", "区划代码", CODE, 14, required=True, note="实施区划代码"),
    Column("business_item_number", "业务办理项编号", CODE, 10, default="00", digits=2,
           note="00 表示事项本身，01–99 为业务办理项"),
    Column("name", "事项名称", TEXT, 30, required=True),
    Column("item_type", "事项类型代码", CODE, 10, required=True, digits=2, note="见下方代码表"),
    Column("legal_basis", "设定依据", TEXT, 40, required=True),
    Column("implementation_basis", "实施依据", TEXT, 30),
    Column("service_objects", "服务对象", CODES, 12, required=True, default=[], note="服务对象代码，如 1,2"),
    Column("statutory_limit", "法定办结时限", INT, 10, required=True, default=None),
    Column("statutory_unit", "法定时限单位", ENUM, 10, required=True, default=None, choices=C.TimeUnit),
    Column("promised_limit", "承诺办结时限", INT, 10, required=True, default=None,
           note="不得超过法定办结时限；即办件为 0"),
    Column("promised_unit", "承诺时限单位", ENUM, 10, required=True, default=None, choices=C.TimeUnit,
           note="须与法定时限单位一致"),
    Column("case_kind", "办件类型", ENUM, 10, required=True, default=None, choices=C.CaseKind),
    Column("is_free", "不收费", BOOL, 8, default=True, note="收费事项填“否”，并在「收费」表列出收费项目"),
    Column("result_kind", "办理结果类型", ENUM, 12, required=True, default=None, choices=C.ResultKind),
    Column("result_name", "办理结果名称", TEXT, 24, required=True),
    Column("result_license_type", "结果证照类型代码", CODE, 24, note="办理结果为证照时必填，见证照类型代码表"),
    Column("intermediary_services", "中介服务", TEXT, 20),
    Column("quantity_limit", "数量限制", TEXT, 16),
    Column("annual_inspection", "年检年报", TEXT, 16),
    Column("can_apply_online", "可网办", BOOL, 8, default=False),
    Column("fully_online", "全程网办", BOOL, 8, default=False, note="全程网办须可网办且到现场次数为 0"),
    Column("visits", "到现场次数", INT, 10, default=1, note="0、1 或 2"),
    Column("mobile", "掌上办", BOOL, 8, default=False),
    Column("kiosk", "自助办", BOOL, 8, default=False),
    Column("near_home_level", "就近办", ENUM, 16, choices=C.NearHomeLevel),
    Column("cross_region_scope", "通办范围", ENUM, 12, choices=C.CrossRegionScope),
    Column("window_acceptance", "纳入综合窗口受理", BOOL, 10, default=True),
    Column("negative_list", "网办负面清单", BOOL, 10, default=False, note="不能网办的事项须填“是”并写明理由"),
    Column("negative_list_reason", "不能网办的理由", TEXT, 24),
    Column("themes", "主题", CODES, 20, default=[], unordered=True, note="主题编码，多个以逗号分隔，见主题代码表"),
    Column("consultation_phone", "咨询电话", TEXT, 16),
    Column("workflow_code", "办理流程编码", CODE, 14,
           note="办件流程定义编码；留空时即办件用 immediate、承诺件用 standard"),
    Column("co_departments", "并联审批部门", CODES, 24, default=[], unordered=True,
           note="除实施机构外同时审查的部门编码，多个以逗号分隔"),
    Column("commitment_content", "告知承诺书内容", TEXT, 40, note="有材料可告知承诺替代时必填"),
    Column("commitment_liability", "违反承诺的法律责任", TEXT, 40, note="有材料可告知承诺替代时必填"),
), freeze="B2")

ELEMENT_SHEETS = (
    Sheet("受理条件", "conditions", (
        *_key_columns(),
        Column("text", "条件", TEXT, 60, required=True),
        Column("rule", "可校验规则（JSON）", JSON, 40, default=None,
               note='可选，供预审自动校验，如 {"field": "investment_wan", "op": ">", "value": 100}'),
    ), freeze="C2"),
    Sheet("申请材料", "materials", (
        *_key_columns(),
        Column("name", "材料名称", TEXT, 40, required=True),
        Column("form", "材料形式", ENUM, 14, required=True, default=None, choices=C.MaterialForm),
        Column("count", "份数", INT, 8, default=1),
        Column("medium", "载体", ENUM, 12, required=True, default=None, choices=C.MaterialMedium),
        Column("is_required", "必要", BOOL, 8, default=True),
        Column("is_waivable", "可容缺", BOOL, 8, default=False, note="受理时可暂缺，按承诺期限补交"),
        Column("license_type", "可替代证照类型代码", CODE, 24, note="可由该类型电子证照替代（免提交）"),
        Column("shared_data_source", "共享数据来源", TEXT, 20, note="可由共享数据获取时填写来源"),
        Column("commitment_allowed", "可告知承诺替代", BOOL, 10, default=False),
        Column("notes", "填报说明", TEXT, 30),
    ), freeze="C2"),
    Sheet("办理环节", "steps", (
        *_key_columns(),
        Column("name", "环节名称", TEXT, 20, required=True),
        Column("role", "办理角色", ENUM, 12, required=True, default=None, choices=C.StepRole),
        Column("description", "说明", TEXT, 40),
    ), freeze="C2"),
    Sheet("特别程序", "special_procedures", (
        *_key_columns(),
        Column("kind", "种类", ENUM, 12, required=True, default=None, choices=C.SpecialProcedureKind),
        Column("max_duration", "最长时限", INT, 10, required=True, default=None,
               note="特别程序所用时间不计入办结时限，但不超过此最长时限"),
        Column("unit", "时限单位", ENUM, 10, required=True, default=None, choices=C.TimeUnit),
        Column("description", "说明", TEXT, 40),
    ), freeze="C2"),
    Sheet("收费", "fees", (
        *_key_columns(),
        Column("name", "收费项目", TEXT, 24, required=True),
        Column("standard", "收费标准", TEXT, 24, required=True),
        Column("basis", "收费依据", TEXT, 40, required=True),
    ), freeze="C2"),
)
DATA_SHEETS = (ITEM_SHEET, *ELEMENT_SHEETS)
SHEETS_BY_ELEMENT = {sheet.element: sheet for sheet in ELEMENT_SHEETS}
PLACEMENT_KEYS = ("implementation_code", "basic_code", "department_code", "region_code",
                  "business_item_number")

INSTRUCTIONS = (
    "通办 · 政务服务事项目录 Excel 导入导出模板",
    f"模板版本 {TEMPLATE_VERSION}。本工作簿与系统的办事指南同源：导出即为此格式，修改后可原样导入。",
    "1. 「事项」表每行一个实施清单事项；受理条件、申请材料、办理环节、特别程序、收费各占一张表，"
    "每行以“实施编码 + 序号”归属到事项，序号决定显示顺序。",
    "2. 第一行为列名，请勿修改或删除；列的先后可以调整。红色列名为必填列；其他列留空时取下方列说明中的默认值。",
    "3. 是否类的列填写“是”或“否”；枚举类的列填写下方列出的中文名称；代码类的列请保持文本格式（保留前导 0）。",
    "4. 导入时逐行校验全部内容：承诺办结时限不得超过法定办结时限、事项类型代码须在代码表中、实施编码不得重复、"
    "材料须有名称等。只要有一处错误，整个文件都不会写入，错误报告写明工作表、行号与列。",
    "5. 可先“试导入”（dry-run）：只校验并列出将新增、修订、未变的事项，不写入任何数据。",
    "6. 导入成功后：新事项生成草稿；已发布事项生成修订草稿（内容未变的跳过）。草稿须提交联合审核，"
    "审核发布后才对外公布。部门只能导入本部门实施的事项。",
)


def label_of(choices: type[models.TextChoices], code: str) -> str:
    return dict(choices.choices).get(code, code)


def code_of(choices: type[models.TextChoices], text: str) -> str | None:
    """The code of a label (or of the code itself); None when it is neither."""
    for code, label in choices.choices:
        if text in (label, code):
            return code
    return None


def clean_text(value: str) -> str:
    """Text as a cell keeps it: no control characters, line breaks as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def cell_value(column: Column, value: Any) -> Any:
    """The value written into a cell for a guide value."""
    if column.kind == BOOL:
        return YES if value else NO
    if column.kind == ENUM:
        return label_of(column.choices, value or "")
    if column.kind == INT:
        return value
    if column.kind == CODES:
        return ",".join(value) or None
    if column.kind == JSON:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return clean_text(str(value)) if value not in (None, "") else None


def comparable(value: Any) -> Any:
    """A guide value as it survives a workbook, for deciding whether an import changes anything."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    return value
