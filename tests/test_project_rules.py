"""Project rules ruff cannot express, as AST scans of src/tongban (fast: no database, no Django setup).

(a) No `.date()` on an aware moment named `now`, `*_at` or `timezone.now()`: Django keeps moments in UTC, so
    before 08:00 Beijing time `.date()` is yesterday. Local dates come from tongban.core.clock.local_date.
(b) No `timedelta(days=…)` in code that also deals with working days (a name or text containing
    working / workday / 工作日, or a call into tongban.workdays) unless the line says why the days are natural
    days (`# natural days: …`): a working-day limit counted as calendar days ignores weekends and holidays.
(c) Literal percentages and day counts in service code: src/tongban/rules/tests/test_no_seed_literals.py already
    flags numbers in comparisons, date-computation arguments and module constants of service modules; not
    repeated here.
"""

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tongban"
JUSTIFIED_NATURAL_DAYS = re.compile(r"#\s*natural days:\s*\S")
WORKING_DAY_WORDS = re.compile(r"working|workday|工作日", re.IGNORECASE)
WORKDAYS_MODULE = "tongban.workdays"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def modules(*, tests: bool) -> list[Path]:
    """Python files of src/tongban, with or without its tests; migrations are generated, the workdays package is
    the one place that turns working days into dates (its calendar-day steps are natural days by definition)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts or parts[0] == "workdays" or (not tests and "tests" in parts):
            continue
        found.append(path)
    return found


# (a) .date() on an aware moment ------------------------------------------------------------------------------

def _named_aware(name: str) -> bool:
    return name.lower() == "now" or name.endswith("_at")


def _is_aware_moment(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return _named_aware(node.id)
    if isinstance(node, ast.Attribute):
        return _named_aware(node.attr)
    if isinstance(node, ast.Call) and not node.args and not node.keywords:  # timezone.now(), django's now()
        func = node.func
        return ((isinstance(func, ast.Attribute) and func.attr == "now" and isinstance(func.value, ast.Name)
                 and func.value.id == "timezone")
                or (isinstance(func, ast.Name) and func.id == "now"))
    return False


def utc_dates(tree: ast.AST, path: str) -> list[Finding]:
    return [Finding(path, node.lineno, ast.unparse(node)) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and not node.args and not node.keywords
            and isinstance(node.func, ast.Attribute) and node.func.attr == "date"
            and _is_aware_moment(node.func.value)]


# (b) timedelta(days=…) next to working days ------------------------------------------------------------------

def _workdays_names(tree: ast.AST) -> set[str]:
    """Local names bound to tongban.workdays or to something imported from it."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module if node.level == 0 else None
            if module == WORKDAYS_MODULE or (module or "").startswith(WORKDAYS_MODULE + "."):
                names.update(alias.asname or alias.name for alias in node.names)
            elif module == "tongban":
                names.update(alias.asname or alias.name for alias in node.names if alias.name == "workdays")
        elif isinstance(node, ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names
                         if alias.name.startswith(WORKDAYS_MODULE))
    return names


def _word(node: ast.AST) -> str:
    match node:
        case (ast.Name(id=word) | ast.Attribute(attr=word) | ast.arg(arg=word) | ast.keyword(arg=str() as word)
              | ast.FunctionDef(name=word) | ast.AsyncFunctionDef(name=word) | ast.Constant(value=str() as word)):
            return word
    return ""


def _deals_with_working_days(scope: ast.AST, workdays_names: set[str]) -> bool:
    return any((isinstance(node, ast.Name) and node.id in workdays_names) or WORKING_DAY_WORDS.search(_word(node))
               for node in ast.walk(scope))


def _is_timedelta_days(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name == "timedelta" and (bool(node.args) or any(keyword.arg == "days" for keyword in node.keywords))


def _functions_and_module(tree: ast.Module):
    """Each timedelta call with the innermost function around it (None: module level)."""
    def walk(node: ast.AST, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if _is_timedelta_days(child):
                yield child, inner
            yield from walk(child, inner)
    yield from walk(tree, None)


def natural_day_deltas(tree: ast.Module, source: str, path: str) -> list[Finding]:
    """timedelta(days=…) whose function deals with working days, or — at module level — whose module does."""
    workdays_names = _workdays_names(tree)
    lines = source.splitlines()
    findings = []
    module_deals = bool(workdays_names) or _deals_with_working_days(tree, workdays_names)
    for call, function in _functions_and_module(tree):
        if not (_deals_with_working_days(function, workdays_names) if function else module_deals):
            continue
        span = lines[call.lineno - 1:call.end_lineno]
        if not any(JUSTIFIED_NATURAL_DAYS.search(line) for line in span):
            findings.append(Finding(path, call.lineno, ast.unparse(call)))
    return findings


# the rules on fixtures ---------------------------------------------------------------------------------------

def _parse(source: str) -> ast.Module:
    return ast.parse(source)


def test_a_date_of_an_aware_now_is_caught():
    source = ("from django.utils import timezone\n"
              "def f(now, case):\n"
              "    a = now.date()\n"
              "    b = case.accepted_at.date()\n"
              "    c = timezone.now().date()\n"
              "    d = timezone.localtime(now).date()\n"  # local time: its date is the local date
              "    e = local_date(now)\n"
              "    f = case.due_date\n")
    assert [f.line for f in utc_dates(_parse(source), "x.py")] == [3, 4, 5]


def test_a_timedelta_in_days_next_to_working_days_is_caught():
    source = ("from datetime import timedelta\n"
              "from tongban.workdays import add_working_days\n"
              "def due(day, limit):\n"
              "    return add_working_days(day, limit) + timedelta(days=1)\n"
              "def yellow(day):\n"
              "    days = rule_value('case.yellow_card_working_days', on=day)\n"
              "    return day + timedelta(days=days)\n"
              "def window(day):\n"
              "    return day - timedelta(days=30)\n"  # nothing about working days here
              "def archive(day, working_limit):\n"
              "    return day + timedelta(days=working_limit)  # natural days: the archive keeps 30 calendar days\n"
              "def hours(moment, working_hours):\n"
              "    return moment + timedelta(hours=working_hours)\n")
    assert [f.line for f in natural_day_deltas(_parse(source), source, "x.py")] == [4, 7]


def test_a_module_level_timedelta_in_a_working_day_module_is_caught():
    source = "from tongban import workdays\nSPAN = timedelta(days=5)\nOK = timedelta(7)  # natural days: a week\n"
    assert [f.line for f in natural_day_deltas(_parse(source), source, "x.py")] == [2]


# the rules on the tree ---------------------------------------------------------------------------------------

@functools.cache
def _parsed(path: Path) -> tuple[str, ast.Module]:
    source = path.read_text(encoding="utf-8")
    return source, ast.parse(source, filename=str(path))


def _scan(rule, *, tests: bool) -> list[str]:
    findings = []
    for path in modules(tests=tests):
        source, tree = _parsed(path)
        name = path.relative_to(SRC).as_posix()
        found = rule(tree, name) if rule is utc_dates else rule(tree, source, name)
        findings.extend(str(finding) for finding in found)
    return findings


def test_the_scans_see_the_tree():
    names = {path.relative_to(SRC).as_posix() for path in modules(tests=False)}
    assert {"core/clock.py", "hotline/due.py", "cases/services/transitions.py"} <= names
    assert not any(name.startswith(("workdays/", "cases/migrations/")) for name in names)


def test_no_date_of_an_aware_moment():
    findings = _scan(utc_dates, tests=True)  # a test's date off by one hides the very bug it should catch
    assert not findings, ("`.date()` of an aware moment is its UTC date (yesterday before 08:00 Beijing time): "
                          "use tongban.core.clock.local_date(moment):\n" + "\n".join(findings))


def test_no_timedelta_in_days_next_to_working_days():
    findings = _scan(natural_day_deltas, tests=False)  # tests build calendar-day boundaries on purpose
    assert not findings, ("a working-day limit must be counted with tongban.workdays (add_working_days, deadline …); "
                          "if these really are calendar days, say so on the line with `# natural days: <why>`:\n"
                          + "\n".join(findings))
