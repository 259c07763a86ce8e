"""通报: units ranked by on-time completion of their tasks (a plan, as of a day), as rows, chart, PDF, Excel."""

from __future__ import annotations

import io
from collections import defaultdict

from tongban.core.charts import BarChart
from tongban.core.clock import local_date
from tongban.core.rates import percent

from .models import Plan, ProgressReport, TaskStatus, TaskUnit

CHART = BarChart(label_width=170, row_height=26)


def ranking(plan: Plan, *, on) -> list[dict]:
    """Per department: tasks carried, due by `on`, completed on time, overdue; ranked by on-time rate."""
    units = TaskUnit.objects.filter(task__plan=plan, department__isnull=False).select_related("task", "department")
    done_on: dict[tuple[int, int], object] = {}
    for report in ProgressReport.objects.filter(task__plan=plan, completed=True).order_by("created_at"):
        done_on.setdefault((report.task_id, report.department_id), local_date(report.created_at))
    rows: dict[int, dict] = defaultdict(lambda: {"tasks": 0, "due": 0, "on_time": 0, "overdue": 0, "done": 0})
    seen = set()
    for unit in units:
        key = (unit.task_id, unit.department_id)
        if key in seen:
            continue
        seen.add(key)
        row = rows[unit.department_id]
        row["department"] = unit.department.name
        row["tasks"] += 1
        finished = done_on.get(key) or (local_date(unit.task.closed_at) if getattr(unit.task, "closed_at", None)
                                        else None)
        if finished:
            row["done"] += 1
        deadline = unit.task.deadline
        if deadline is None or deadline > on:
            continue
        row["due"] += 1
        if finished and finished <= deadline:
            row["on_time"] += 1
        elif unit.task.status == TaskStatus.OPEN and not finished:
            row["overdue"] += 1
    out = []
    for row in rows.values():
        row["rate"] = percent(row["on_time"], row["due"])
        out.append(row)
    out.sort(key=lambda r: (-(r["rate"] if r["rate"] is not None else -1), -r["done"], r["department"]))
    for rank, row in enumerate(out, start=1):
        row["rank"] = rank
    return out


def chart(rows: list[dict]) -> dict:
    return CHART.frame([{"name": r["department"], "width": CHART.percent(r["rate"]), "rate": r["rate"]}
                        for r in rows])


def excel(plan: Plan, rows: list[dict], *, on) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "通报"
    sheet.append([f"{plan.title} 工作台账通报（截至 {on.isoformat()}）"])
    sheet.append(["排名", "单位", "承担任务", "已到期", "按时完成", "逾期未完成", "已完成", "按时完成率(%)"])
    for r in rows:
        sheet.append([r["rank"], r["department"], r["tasks"], r["due"], r["on_time"], r["overdue"], r["done"],
                      float(r["rate"]) if r["rate"] is not None else None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
