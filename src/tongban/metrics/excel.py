"""Any metrics table as an Excel workbook: one line per row, four columns per metric."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .query import GROUP_LABELS, Answer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BEHIND = Font(color="C8161D", bold=True)


def _shown(cell):
    if not cell.applicable:
        return "不适用"
    return "—" if cell.value is None else float(cell.value)


def workbook_bytes(table: Answer) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.period.key
    header = [GROUP_LABELS.get(table.group_by, "范围")]
    for metric in table.metrics:
        header += [f"{metric.name}（%）", f"{metric.name}目标", f"{metric.name}分子", f"{metric.name}分母"]
    sheet.append(header)
    for row in [*table.rows, table.total]:
        line = [row.label]
        for cell in row.cells:
            line += [_shown(cell), cell.target_label, cell.numerator, cell.denominator]
        sheet.append(line)
        for index, cell in enumerate(row.cells):
            if cell.meets is False:
                sheet.cell(row=sheet.max_row, column=2 + 4 * index).font = BEHIND
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
