"""From plan text to tasks: clean the text, follow the document's numbering, cut tasks at unit attributions.

Design (docs/decisions.md, "Plan parser"): the numbering is an outline whose marker kinds nest in
whatever order the document uses (一、 → （一） → 1. → (1), or 第一阶段 → 1、); a task is a text
segment that ends in a unit attribution "（…牵头…负责）" / "（牵头部门：…；责任部门：…）", or a leaf item
at arabic level with no attribution, or a row of an annex table with a unit column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import dates, indicators
from .model import ParsedPlan, ParsedTask, UnitRef
from .units import UnitTable, split_units

# Full-width digits/letters/punctuation → ASCII for matching; one char for one char.
_FW = {0xFF01 + i: 0x21 + i for i in range(94)}
_FW.update({0x3000: 0x20, 0x00A0: 0x20, 0xFE52: ord("."), 0x2022: ord("·")})
_FW_TABLE = {k: v for k, v in _FW.items() if chr(k) not in "，。：；（）、！？"}
_CJK = r"\u3400-\u9fff"
_CJK_PUNCT = "，。、；：（）“”《》〔〕！？"

_SPACE_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}]) +(?=[{_CJK}{_CJK_PUNCT}])")
_SPACE_NUM = re.compile(r"(?<=\d) +(?=[年月日%个项号])|(?<=[年月〔\[]) +(?=\d)|(?<=\d) +(?=[〕\]])")
_MD = re.compile(r"^\s*(?:#{1,6}\s+|[-*]\s+(?=\S))")
_TERMINAL = tuple("。；！？：:)）”")

_CN = "一二三四五六七八九十百零"
MARKERS: tuple[tuple[str, re.Pattern], ...] = (
    ("cn", re.compile(rf"^([{_CN}]+)、")),
    ("stage", re.compile(rf"^第([{_CN}]+)(阶段|部分|项)")),
    ("pcn", re.compile(rf"^[（(]([{_CN}]+)[)）]")),
    ("num", re.compile(r"^(\d{1,3})(?:[.．、](?!\d(?!\d?月))|\s(?=[" + _CJK + "]))")),
    ("pnum", re.compile(r"^[（(](\d{1,3})[)）]")),
    ("circ", re.compile(r"^([①-⑳])")),
)
_ANNEX = re.compile(r"^附件\s*\d*\s*[:：]?\s*$")
_DOCNO = re.compile(r"^\S{0,20}[〔\[](20\d{2})[〕\]]\s*\d+\s*号$")
_SIGNED = re.compile(r"^(20\d{2})年\d{1,2}月\d{1,2}日$")
_SIGNED_FULL = re.compile(r"^(20\d{2})年(\d{1,2})月(\d{1,2})日$")
_NOT_TASK_HEADINGS = re.compile(r"保障|目标|原则|意义|指导思想|总体要求|工作要求|组织领导|职责分工|附则|说明")
_ATTRIBUTION_WORDS = re.compile(r"牵头|负责|责任(?:部门|单位)|配合(?:部门|单位)|承办")
_KEYED = re.compile(r"(牵头(?:部门|单位)|责任(?:部门|单位)|配合(?:部门|单位)|参与(?:部门|单位)|协办(?:部门|单位)"
                    r"|主责(?:部门|单位)|责任人|完成时限|时间节点)\s*[:：]")
_TITLE_END = re.compile(r"[。；;！？]|(?<=.{6})[，,：:]")


@dataclass
class _Attribution:
    start: int
    end: int
    lead: list[str]
    responsible: list[str]


def clean(text: str) -> str:
    """Repair PDF/Markdown artefacts; join lines broken mid-sentence. Tabs (table columns) are kept."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        line = raw.replace("\u3000", " ").replace("\xa0", " ")
        line = _MD.sub("", line).strip(" ")
        line = _SPACE_CJK.sub("", line)
        line = _SPACE_NUM.sub("", line)
        line = line.translate(_FW_TABLE).replace("(", "（").replace(")", "）") if "\t" not in line else line
        lines.append(line.strip())
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and _continues(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _continues(prev: str, line: str) -> bool:
    if "\t" in prev or "\t" in line or len(prev) < 25 or prev.endswith(_TERMINAL):
        return False
    return not (_marker(line) or _ANNEX.match(line) or _DOCNO.match(line) or _SIGNED.match(line))


def _marker(line: str) -> tuple[str, str, int] | None:
    for kind, pattern in MARKERS:
        match = pattern.match(line)
        if match:
            return kind, match.group(0), match.end()
    return None


def find_attributions(text: str) -> list[_Attribution]:
    """Top-level parenthesised groups that name units (牵头 / 负责 / 牵头部门：…)."""
    found: list[_Attribution] = []
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "（":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "）" and depth:
            depth -= 1
            if depth == 0:
                content = text[start + 1:i]
                parsed = parse_attribution(content)
                if parsed:
                    found.append(_Attribution(start, i + 1, *parsed))
    return found


def parse_attribution(content: str) -> tuple[list[str], list[str]] | None:
    content = re.sub(r"\s+", "", content)
    if not content or len(content) > 400 or "。" in content or not _ATTRIBUTION_WORDS.search(content):
        return None
    if _KEYED.search(content):
        lead: list[str] = []
        responsible: list[str] = []
        parts = _KEYED.split(content)
        for key, value in zip(parts[1::2], parts[2::2], strict=True):
            if key.startswith("牵头") or key.startswith("主责"):
                lead += split_units(value)
            elif key.startswith(("责任", "配合", "参与", "协办")):
                responsible += split_units(value)
        return (lead, responsible) if lead or responsible else None
    flat = re.sub(r"（[^（）]*）", "", content)
    if "牵头" in flat:
        head, _, tail = flat.rpartition("牵头")
        tail = re.sub(r"^负责", "", tail).strip("，,；; ")
        lead = split_units(head)
        responsible = split_units(tail)
    elif re.search(r"(负责|承办)$", flat):
        lead, responsible = [], split_units(re.sub(r"(负责|承办)$", "", flat))
    else:
        return None
    names = lead + responsible
    if not names or not all(_looks_like_unit(n) for n in names):
        return None
    return lead, responsible


_UNITISH = re.compile(r"(局|办|委|院|会|中心|政府|部|处|所|站|队|公司|单位|部门|街道|分局|室|组|联|行|社|镇|区)$")


def _looks_like_unit(name: str) -> bool:
    return len(name) <= 30 and bool(_UNITISH.search(name))


def _title(body: str) -> str:
    body = re.sub(r"^[\s，。；：,.;:、]+", "", body)
    body = re.sub(r"^[一二三四五六七八九十]是", "", body)
    match = _TITLE_END.search(body)
    title = body[:match.start()] if match else body
    if len(title) < 4:
        title = body[:30]
    if len(title) > 40:
        title = title[:40] + "…"
    return title


class _Builder:
    def __init__(self, text: str, table: UnitTable, year: int | None):
        self.text = text
        self.table = table
        self.default_year = year
        self.year = year
        self.issued: dt.date | None = None
        self.tasks: list[ParsedTask] = []

    # --- outline ---------------------------------------------------------------------------------
    def run(self) -> list[ParsedTask]:
        stack: list[tuple[str, str, str]] = []     # (kind, label, heading line)
        item: dict | None = None                  # current numbered item being read
        offset = 0
        lines = self.text.split("\n")
        index = 0
        table_header: list[str] | None = None
        while index < len(lines):
            line = lines[index]
            line_start = offset
            offset += len(line) + 1
            index += 1
            if self.default_year is None:
                doc = _DOCNO.match(line) or _SIGNED.match(line)
                if doc and _DOCNO.match(line):
                    self._close(item)
                    item = None
                    stack = []
                    self.year = int(doc.group(1))
                elif doc and self.year is None:
                    self.year = int(doc.group(1))
            signed = _SIGNED_FULL.match(line)
            if signed:
                self.issued = dt.date(*map(int, signed.groups()))
            if "\t" in line:
                cells = [c.strip() for c in line.split("\t")]
                if _is_header(cells):
                    self._close(item)
                    item = None
                    table_header = cells
                    continue
                if table_header and cells and cells[0].isdigit():
                    self._table_row(stack, table_header, cells, line_start, len(line))
                    continue
                continue
            table_header = None
            if _ANNEX.match(line):
                self._close(item)
                item = None
                stack = [("annex", "附件", "附件")]
                continue
            marker = _marker(line)
            if marker:
                kind, label, _end = marker
                self._close(item)
                while stack and any(k == kind for k, _, _ in stack):
                    popped = stack.pop()
                    if popped[0] == kind:
                        break
                stack.append((kind, label, line[:40]))
                item = {"kind": kind, "path": [lbl for _, lbl, _ in stack], "start": line_start,
                        "buffer": line, "segments": 0, "headings": list(stack)}
                item = self._cut(item)
                stack = list(item["headings"])
                continue
            if item is None:
                continue
            item["buffer"] += "\n" + line
            item = self._cut(item)
            stack = list(item["headings"])
        self._close(item)
        return self.tasks

    def _cut(self, item: dict) -> dict:
        """Cut tasks at each attribution in the buffer; text after a closing parenthesis may start a new item."""
        while True:
            buffer = item["buffer"]
            attributions = find_attributions(buffer)
            if not attributions:
                return item
            first = attributions[0]
            segment = buffer[:first.end]
            self._emit(item, segment, first)
            rest = buffer[first.end:].lstrip()
            item["segments"] += 1
            item["buffer"] = rest
            item["start"] = item["start"] + len(buffer) - len(rest)
            marker = _marker(rest) if rest else None
            if marker:
                # "（…负责）（十五）深入推进…" — a new item on the same line
                return self._inline_marker(item, rest, marker)

    def _inline_marker(self, item, rest, marker):
        kind = marker[0]
        path = list(item["headings"])
        while path and any(k == kind for k, _, _ in path):
            if path.pop()[0] == kind:
                break
        path.append((kind, marker[1], rest[:40]))
        new = {"kind": kind, "path": [lbl for _, lbl, _ in path], "start": item["start"], "buffer": rest,
               "segments": 0, "headings": path}
        return self._cut(new)

    def _close(self, item: dict | None) -> None:
        if not item:
            return
        body = item["buffer"].strip()
        if item["segments"]:
            if body and self.tasks and len(body) < 400 and not _marker(body):
                last = self.tasks[-1]
                last.text += "\n" + body
            return
        # a numbered item with no attribution: a task only at arabic level outside 保障措施 etc.
        if item["kind"] not in ("num", "pnum", "circ"):
            return
        if any(_NOT_TASK_HEADINGS.search(heading) for _, _, heading in item["headings"][:-1]):
            return
        self._emit(item, body, None)

    def _emit(self, item: dict, segment: str, attribution: _Attribution | None) -> None:
        label = item["path"][-1] if item["path"] else ""
        body = segment
        if attribution:
            body = segment[:attribution.start]
        stripped = body.strip()
        if label and stripped.startswith(label):
            stripped = stripped[len(label):].strip()
        path = list(item["path"])
        if item["segments"]:
            path[-1] = f"{path[-1]}[{item['segments'] + 1}]" if path else f"[{item['segments'] + 1}]"
        task = ParsedTask(path=path, title=_title(stripped), text=segment.strip(), start=item["start"],
                          end=item["start"] + len(segment))
        if attribution:
            task.lead = [self.table.resolve(n) for n in attribution.lead]
            task.responsible = [self.table.resolve(n) for n in attribution.responsible]
        self._finish(task, stripped)
        self.tasks.append(task)

    def _finish(self, task: ParsedTask, body: str) -> None:
        found, open_ended = dates.find_deadlines(body, self.year, issued=self.issued)
        if found:
            task.milestones = sorted({d for d, _, _ in found})
            task.deadline = task.milestones[-1]
            task.deadline_source = next(p for d, p, _ in found if d == task.deadline)
            if any(inferred for d, _, inferred in found if d == task.deadline):
                task.notes.append(f"截止日期年份按文件年份 {self.year} 推定")
        else:
            task.open_ended = open_ended
            if not open_ended:
                task.uncertain.append("deadline")
                task.notes.append("未找到截止时间")
        task.indicators = indicators.find_indicators(body)
        if not task.lead:
            task.uncertain.append("lead")
            task.notes.append("未识别到牵头单位")
        unknown = [u.raw for u in task.lead + task.responsible if not u.known]
        if unknown:
            task.uncertain.append("units")
            task.notes.append("单位不在部门表中：" + "、".join(unknown))

    def _table_row(self, stack, header, cells, start, length) -> None:
        row = dict(zip(header, cells, strict=False))
        title = next((v for k, v in row.items() if re.search(r"任务|事项|内容|措施|项目|名称", k)), "")
        if not title:
            title = cells[1] if len(cells) > 1 else ""
        lead_cols = [v for k, v in row.items() if re.search(r"牵头|承办|主责", k)]
        resp_cols = [v for k, v in row.items() if re.search(r"责任|配合|参与|协办", k) and not re.search(r"牵头", k)]
        due = " ".join(v for k, v in row.items() if re.search(r"时限|时间|完成|节点", k))
        path = [lbl for _, lbl, _ in stack] + [f"表{cells[0]}"]
        task = ParsedTask(path=path, title=_title(title) if len(title) > 40 else title, text="\t".join(cells),
                          start=start, end=start + length)
        task.lead = [self.table.resolve(n) for v in lead_cols for n in split_units(v)]
        task.responsible = [self.table.resolve(n) for v in resp_cols for n in split_units(v)]
        self._finish(task, due or title)
        if not due:
            # a table without a time column: the plan's year end is the deadline, say so
            task.uncertain = [u for u in task.uncertain if u != "deadline"]
            task.notes = [n for n in task.notes if n != "未找到截止时间"]
            if self.year:
                task.deadline = dates.last_day(self.year, 12)
                task.uncertain.append("deadline")
                task.notes.append("表格无时限列，按文件年度年底推定")
        self.tasks.append(task)


def _is_header(cells: list[str]) -> bool:
    joined = "".join(cells)
    return ("序号" in cells[0] or cells[0] in ("编号", "序")) and bool(re.search(r"单位|部门|任务|事项|措施", joined))


def plan_title(text: str, filename: str) -> str:
    """The plan's own title line (…方案 / …意见 / …措施), else the file name."""
    for line in text.split("\n")[:40]:
        if 8 <= len(line) <= 80 and ("方案" in line or "意见" in line or "措施" in line) and "〔" not in line:
            return line[:200]
    return filename.rsplit(".", 1)[0][:200]


def parse_plan(text: str, *, table: UnitTable | None = None, year: int | None = None, pages: int = 1) -> ParsedPlan:
    """Parse a plan's text. ``year`` overrides the issue year read from the 文号 / signature date."""
    cleaned = clean(text)
    builder = _Builder(cleaned, table or UnitTable(), year)
    tasks = builder.run()
    return ParsedPlan(text=cleaned, tasks=tasks, year=builder.year, pages=pages)


__all__ = ["UnitRef", "clean", "find_attributions", "parse_attribution", "parse_plan"]
