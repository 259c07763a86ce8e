"""The import direction: the demo builds on the domain apps, never the other way round.

Every module under src/tongban/ outside tongban/demo and outside tests/ folders (migrations
included: a data migration that loaded demo rows would put them into every real database) is
parsed, and an import of tongban.demo, absolute, relative or through importlib, fails the test.
"""

import ast
from pathlib import Path

import pytest

import tongban

ROOT = Path(tongban.__file__).resolve().parent
DEMO = "tongban.demo"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module `source` (the code of `module`) imports, relative imports resolved; for
    `from a import b` both a and a.b, since b may be a module."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            parent = ".".join([*base, *([node.module] if node.module else [])])
            found.add(parent)
            found.update(f"{parent}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value))
    return found


def is_demo(name: str) -> bool:
    return name == DEMO or name.startswith(DEMO + ".")


def domain_modules() -> list[Path]:
    return sorted(path for path in ROOT.rglob("*.py")
                  if not path.is_relative_to(ROOT / "demo") and "tests" not in path.relative_to(ROOT).parts)


def test_no_domain_module_imports_the_demo() -> None:
    modules = domain_modules()
    assert len(modules) > 100 and any("migrations" in path.parts for path in modules)
    offending = {
        str(path.relative_to(ROOT.parent)): sorted(filter(is_demo, imported_modules(
            path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")))
        for path in modules
    }
    assert {path: names for path, names in offending.items() if names} == {}


@pytest.mark.parametrize(("source", "module", "is_package"), [
    ("from tongban.demo.district import DEMO_PASSWORD", "tongban.accounts.services", False),
    ("import tongban.demo.generators.cases", "tongban.cases.services", False),
    ("from tongban import demo", "tongban.urls", False),
    ("from ..demo.catalog import ALL_ITEMS", "tongban.catalog.services", False),
    ("from .demo import catalog", "tongban", True),
    ("def f():\n    from tongban.demo.district import load_demo_district", "tongban.accounts.migrations.0009_x", False),
    ("import_module('tongban.demo.catalog')", "tongban.catalog.migrations.0009_x", False),
])
def test_each_way_of_importing_the_demo_is_found(source: str, module: str, is_package: bool) -> None:
    assert any(map(is_demo, imported_modules(source, module, is_package=is_package)))


@pytest.mark.parametrize(("source", "module"), [
    ("from tongban.demography import x", "tongban.metrics.query"),  # a name that only starts alike
    ("from .demo_like import x", "tongban.cases.services"),
    ("from . import services", "tongban.cases.api"),
])
def test_other_imports_are_not_taken_for_the_demo(source: str, module: str) -> None:
    assert not any(map(is_demo, imported_modules(source, module)))
