"""manage.py import_plan FILE [--json] [--year 2021]: parse a plan (.txt/.docx/.pdf) and print or store it."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from tongban.ledger.parsing import UnitTable, extract_text, parse_plan
from tongban.ledger.parsing.sources import UnreadableDocument


class Command(BaseCommand):
    help = "读取工作方案（.txt/.docx/.pdf），提取任务台账；--json 输出 JSON 列表"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print the extraction as JSON")
        parser.add_argument("--year", type=int, default=None, help="the plan's year when the text does not say")
        parser.add_argument("--no-db", action="store_true", help="normalise with the built-in aliases only")
        parser.add_argument("--full", action="store_true", help="with --json: numbering, text, notes too")

    def handle(self, *args, **options):
        from tongban.ledger.services import unit_table

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            text, pages = extract_text(path.read_bytes(), path.name)
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc
        try:
            table = UnitTable() if options["no_db"] else unit_table()
        except DatabaseError:
            self.stderr.write("no database: names normalised by the built-in aliases only")
            table = UnitTable()
        plan = parse_plan(text, table=table, year=options["year"], pages=pages)
        if options["json"]:
            rows = []
            for task in plan.tasks:
                full = task.as_dict()
                row = {k: full[k] for k in ("title", "lead", "responsible", "deadline_date")}
                row["indicators"] = [{k: i[k] for k in ("op", "value", "unit")} for i in full["indicators"]]
                if options["full"]:
                    row.update({k: full[k] for k in ("numbering", "open_ended", "milestones", "uncertain", "notes")})
                rows.append(row)
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for task in plan.tasks:
            lead = "、".join(u.name for u in task.lead) or "—"
            due = task.deadline.isoformat() if task.deadline else ("长期" if task.open_ended else "—")
            flag = " ?" if task.uncertain else ""
            self.stdout.write(f"{task.numbering}\t{task.title}\t{lead}\t{due}{flag}")
        self.stdout.write(f"{len(plan.tasks)} tasks, {pages} page(s), year {plan.year}")
