"""No seed number as a literal in service code: limits, periods and thresholds come from the rule
registry (tongban.rules), so a district can set them and every change is audited.

The scan reads service modules (services.py, services/*.py, jobs, due.py, management commands,
queries, presenters, workflow definitions) and
flags numeric literals other than 0 and 1 where a seed number would hide:
- in a comparison (`days > 30`, `similarity >= 0.5`),
- as an argument of a date computation (timedelta, add_working_days, add_months, deadline, …),
- as a module-level constant (`MAX_EXTENSION_DAYS = 30`).
Counts that are not district rules (page sizes, retries, field lengths) are listed in ALLOWED
with the reason; each entry must still match something, so the list cannot go stale.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]  # src/tongban
DATE_CALLS = {"timedelta", "add_working_days", "add_months", "deadline", "relativedelta", "working_days_between",
              "subtract_working_days", "add_days"}
TRIVIAL = {0, 1}

# (path below src/tongban, enclosing function or "<module>", value): why it is not a rule.
ALLOWED: dict[tuple[str, str, object], str] = {
    ("cases/queries.py", "track", 4): "tracking asks for the last 4 characters of the phone or ID (a UI check)",
    ("cases/services/published.py", "<module>", 60.0): "seconds reference data is cached per process",
    ("cases/services/transitions.py", "<module>", 3): "attempts after a lost race between read and write",
    ("catalog/management/commands/import_catalog.py", "<module>", 30): "width of the progress bar",
    ("catalog/queries.py", "<module>", 50): "page size of the catalog desk",
    ("events/services.py", "<module>", 30): "seconds a consumer waits for open transactions to settle",
    ("ratings/services.py", "<module>", 2000): "maximum length of an appeal's text",
    ("rules/services.py", "<module>", 200): "maximum length of an override's reason (the field's length)",
}


@dataclass(frozen=True)
class Finding:
    path: str
    function: str
    value: object
    line: int
    context: str

    @property
    def key(self) -> tuple[str, str, object]:
        return (self.path, self.function, self.value)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}: {self.value!r} ({self.context})"


def service_modules() -> list[Path]:
    found: set[Path] = set()
    for pattern in ("**/services.py", "**/services/*.py", "**/jobs.py", "**/jobs/*.py", "**/due.py",
                    "**/management/commands/*.py", "**/queries.py", "**/presenters.py", "**/workflow_definitions.py"):
        found.update(path for path in SRC.glob(pattern) if "/tests/" not in path.as_posix())
    return sorted(found)


def _number(node: ast.AST) -> object | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if isinstance(inner, int | float) else None
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return node.value
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Decimal"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return node.args[0].value
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str):
        self.path, self.function, self.findings = path, "<module>", []

    def _flag(self, node: ast.AST, context: str) -> None:
        value = _number(node)
        if value is not None and value not in TRIVIAL:
            self.findings.append(Finding(self.path, self.function, value, node.lineno, context))

    def visit_FunctionDef(self, node) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Compare(self, node: ast.Compare) -> None:
        for operand in (node.left, *node.comparators):
            self._flag(operand, "comparison")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in DATE_CALLS:
            for argument in (*node.args, *(keyword.value for keyword in node.keywords)):
                self._flag(argument, f"{name}()")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if self.function == "<module>" and any(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            self._flag(node.value, "module constant")
        self.generic_visit(node)


def scan(path: Path) -> list[Finding]:
    scanner = _Scanner(path.relative_to(SRC).as_posix())
    scanner.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return scanner.findings


def test_the_scan_sees_the_service_modules():
    names = {path.relative_to(SRC).as_posix() for path in service_modules()}
    assert {"hotline/services.py", "ratings/services.py", "hotline/due.py"} <= names
    assert any(name.startswith("cases/services/") for name in names)


def test_the_scanner_flags_what_it_should():
    source = ("from datetime import timedelta\nLIMIT = 30\n"
              "def f(days, s):\n    if days > 15 or s >= 0.5:\n        return timedelta(days=7)\n"
              "    return add_working_days(days, 1) if days != 0 else Decimal('95')\n")
    scanner = _Scanner("x.py")
    scanner.visit(ast.parse(source))
    assert [(f.value, f.context) for f in scanner.findings] == [
        (30, "module constant"), (15, "comparison"), (0.5, "comparison"), (7, "timedelta()")]


def test_no_seed_number_is_a_literal_in_service_code():
    findings = [finding for path in service_modules() for finding in scan(path)]
    unexplained = [str(finding) for finding in findings if finding.key not in ALLOWED]
    assert not unexplained, ("numbers a district sets belong in tongban/rules/registry.py (read them with "
                             "rule_value); if one is not a district rule, add it to ALLOWED with the reason:\n"
                             + "\n".join(unexplained))
    stale = set(ALLOWED) - {finding.key for finding in findings}
    assert not stale, f"ALLOWED entries that match nothing any more: {sorted(stale, key=str)}"
