"""The served OpenAPI document is the committed one (docs/openapi.json): an API change shows up in
review as a diff of that file, made on purpose."""

import json
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from tongban.api import EXTRA_PROBLEMS

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
REGENERATE = "python manage.py export_openapi > docs/openapi.json"


def test_served_openapi_document_is_the_committed_one(db) -> None:
    served = Client().get("/api/v1/openapi.json").json()
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))

    changed = sorted(
        f"{method.upper()} {path}" for path in served["paths"].keys() | committed["paths"].keys()
        for method in served["paths"].get(path, {}).keys() | committed["paths"].get(path, {}).keys()
        if served["paths"].get(path, {}).get(method) != committed["paths"].get(path, {}).get(method))
    assert served == committed, (
        f"The API differs from docs/openapi.json (operations: {', '.join(changed) or 'components only'}). "
        f"If the change is intended, regenerate the file and commit it: {REGENERATE}")


def test_export_command_prints_the_served_document(db, capsys) -> None:
    call_command("export_openapi")

    assert json.loads(capsys.readouterr().out) == Client().get("/api/v1/openapi.json").json()


def test_every_extra_problem_names_a_documented_operation(db) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]

    assert [(method, path) for method, path in EXTRA_PROBLEMS if method not in paths.get(path, {})] == []
