"""Project rules ruff cannot express, as AST scans of src/tongban (fast: no database, no Django setup).

(a) No `.date()` on an aware moment named `now`, `*_at` or `timezone.now()`: Django keeps moments in UTC, so
    before 08:00 Beijing time `.date()` is yesterday. Local dates come from tongban.core.clock.local_date.
(b) No `timedelta(days=…)` in code that also deals with working days (a name or text containing
    working / workday / 工作日, or a call into tongban.workdays) unless the line says why the days are natural
    days (`# natural days: …`): a working-day limit counted as calendar days ignores weekends and holidays.
(c) Literal percentages and day counts in service code: src/tongban/rules/tests/test_no_seed_literals.py already
    flags numbers in comparisons, date-computation arguments and module constants of service modules; not
    repeated here.
(d) Every audit action and outbox topic written in src is declared in an app's `<app>/events.py`: a string
    literal given as `action=` (audit.record, next_entry, insert_imported, the apps' audit helpers), as the
    topic of `emit` / `outbox_event`, or positionally to an audit helper (`record`, `_audit`, `_record`),
    must be one of those constants' values, and an f-string must start with a declared `PREFIX`. Metrics
    match on these names, so a name that is not declared is a count that silently stays at zero.
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


# (d) audit actions and topics declared in <app>/events.py ---------------------------------------------------

DOTTED_NAME = re.compile(r"^[a-z_]+\.[a-z_]+$")
TOPIC_CALLS = {"emit", "outbox_event"}
AUDIT_HELPERS = {"record", "_audit", "_record"}


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _written_names(tree: ast.AST) -> list[tuple[int, ast.AST]]:
    """(line, expression) of every action / topic a call writes."""
    written = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        written += [(node.lineno, kw.value) for kw in node.keywords if kw.arg in {"action", "topic"}]
        if name in TOPIC_CALLS and node.args:
            written.append((node.lineno, node.args[0]))
        if name in AUDIT_HELPERS:
            written += [(node.lineno, arg) for arg in node.args]
    return written


def _literals(expression: ast.AST) -> list[ast.AST]:
    """The string literals and f-strings an expression may evaluate to (both branches of `a if c else b`)."""
    if isinstance(expression, ast.IfExp):
        return _literals(expression.body) + _literals(expression.orelse)
    if isinstance(expression, ast.JoinedStr) or (isinstance(expression, ast.Constant)
                                                 and isinstance(expression.value, str)):
        return [expression]
    return []


def _is_constant_name(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return bool(name) and name.isupper()


def declared_names(trees: list[ast.Module]) -> set[str]:
    """The string values of the module-level constants of events.py modules."""
    return {node.value.value for tree in trees for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)}


def undeclared_names(tree: ast.Module, path: str, declared: set[str]) -> list[Finding]:
    findings = []
    for line, expression in _written_names(tree):
        for literal in _literals(expression):
            if isinstance(literal, ast.JoinedStr):
                head = literal.values[0] if literal.values else None
                if isinstance(head, ast.FormattedValue) and _is_constant_name(head.value):
                    continue  # f"{events.PREFIX}{action}": the prefix is a declared constant
                prefix = head.value if isinstance(head, ast.Constant) else ""
                if prefix not in declared:
                    findings.append(Finding(path, line, ast.unparse(literal)))
            elif DOTTED_NAME.match(literal.value) and literal.value not in declared:
                findings.append(Finding(path, line, literal.value))
    return findings


def test_an_undeclared_action_or_topic_is_caught():
    declared = declared_names([_parse('PREFIX = "case."\nSUBMITTED = "case.submitted"\nTOPIC = "case.decided"\n')])
    source = ("def f(case, now, inline):\n"
              "    audit.record(actor=None, action='case.submitted', target=case, now=now)\n"
              "    audit.record(actor=None, action='case.typo', target=case, now=now)\n"
              "    emit('case.decided', stream='s', now=now, payload={})\n"
              "    emit('case.undeclared', stream='s', now=now, payload={})\n"
              "    audit.record(actor=None, action=f'case.{inline}', target=case, now=now)\n"
              "    audit.record(actor=None, action=f'hotline.{inline}', target=case, now=now)\n"
              "    _audit(None, 'catalog.nothing', case, now)\n"
              "    audit.record(actor=None, action='case.viewed' if inline else 'case.submitted', target=case, now=now)\n"
              "    Command(action='merge')\n"  # a workflow step, not a dotted name
              "    audit.record(actor=None, action=events.SUBMITTED, target=case, now=now)\n"
              "    audit.record(actor=None, action=f'{events.PREFIX}{inline}', target=case, now=now)\n"
              "    audit.record(actor=None, action=f'{inline}.done', target=case, now=now)\n")
    assert [f.line for f in undeclared_names(_parse(source), "x.py", declared)] == [3, 5, 7, 8, 9, 13]


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


def test_every_action_and_topic_is_declared_in_an_events_module():
    events_modules = [path for path in modules(tests=False) if path.name == "events.py"]
    assert {"cases/events.py", "hotline/events.py", "ratings/events.py"} <= {
        path.relative_to(SRC).as_posix() for path in events_modules}
    declared = declared_names([_parsed(path)[1] for path in events_modules])
    findings = [str(finding) for path in modules(tests=False) if path.name != "events.py"
                for finding in undeclared_names(_parsed(path)[1], path.relative_to(SRC).as_posix(), declared)]
    assert not findings, ("an audit action or outbox topic that no <app>/events.py declares (metrics match on these "
                          "names): add a constant to the app's events.py and use it:\n" + "\n".join(findings))


# (d) private Django / ninja / psycopg internals only in tongban.core.fastpath ---------------------------------

FASTPATH = "core/fastpath.py"
PRIVATE_INTERNALS = {  # names that reach into the ORM's compiler, model construction, ninja or psycopg
    "klass_info", "get_converters", "_prepare_related_fields_for_save", "ModelState", "queries_log",
    "wrap_database_errors", "_run_root_validator", "_ninja_resolvers", "DjangoGetter", "getclosurevars",
    "PathView",
}


def private_internals(tree: ast.AST, path: str) -> list[Finding]:
    found = []
    for node in ast.walk(tree):
        name = (node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name)
                else node.name if isinstance(node, ast.alias) else None)
        if isinstance(node, ast.alias) and "." in node.name:
            name = node.name.rsplit(".", 1)[1]
        if name in PRIVATE_INTERNALS or name == "__new__":  # Model.__new__(Model): an instance without __init__
            found.append(Finding(path, getattr(node, "lineno", 0), name))
        if isinstance(node, ast.ImportFrom) and node.module in {"django.db.models.base", "ninja.schema",
                                                                "ninja.operation"}:
            found.append(Finding(path, node.lineno, f"from {node.module} import …"))
        if isinstance(node, ast.Attribute) and node.attr == "_state" and isinstance(node.ctx, ast.Store):
            found.append(Finding(path, node.lineno, "assigns _state"))
    return found


def test_a_private_internal_is_caught():
    source = ("from django.db.models.base import ModelState\n"
              "case = Case.__new__(Case)\nnames = compiler.klass_info['select_fields']\n"
              "obj._prepare_related_fields_for_save(operation_name='save')\n")
    assert [finding.line for finding in private_internals(_parse(source), "x.py")] == [1, 1, 2, 3, 4]


def test_private_internals_only_in_the_fast_path_module():
    findings = [str(finding) for path in modules(tests=True) if path.relative_to(SRC).as_posix() != FASTPATH
                for finding in private_internals(_parsed(path)[1], path.relative_to(SRC).as_posix())]
    assert not findings, ("private Django/ninja/psycopg internals belong in tongban.core.fastpath, behind its "
                          "documented interface (RowReader, Columns, batched/orm_writes, DictSchema, "
                          "ninja_operation_name, execute_prepared):\n" + "\n".join(findings))
