"""tongban.dict_schemas.DictSchema validates a dict exactly as ninja's Schema does — same values,
same errors (location, type, message), same OpenAPI — only without ninja's per-field getter."""

import datetime

import pytest
from ninja import Schema
from pydantic import ValidationError, create_model

from tongban.cases.schemas import CaseActionOut, CaseTransitionIn, TransitionOut


def _plain(schema):
    """The same fields on ninja's own Schema (nested DictSchemas replaced the same way)."""
    fields = {}
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        if annotation == list[CaseActionOut]:
            annotation = list[_plain(CaseActionOut)]
        fields[name] = (annotation, info)
    return create_model(f"Plain{schema.__name__}", __base__=Schema, **fields)


def _outcome(schema, value):
    try:
        return "ok", schema.model_validate(value).model_dump(mode="json")
    except ValidationError as error:
        return "error", [(e["loc"], e["type"], e["msg"]) for e in error.errors()]


ACTION = {"action": "approve", "label": "批准"}
TRANSITION_OUT = {"number": "371302-20261206-K7Q2MD", "status": "in_review", "status_label": "审查中",
                  "row_version": 2, "accepted_on": datetime.date(2026, 12, 1), "due_date": "2026-12-29",
                  "deadline_status": "green", "is_paused": False, "decision": "", "available_actions": [ACTION]}


@pytest.mark.parametrize("value", [
    {"action": "accept"},
    {"action": "request_correction", "expected_version": "3", "materials": ["申请书", "营业执照"], "reason": "缺件"},
    {},
    {"action": 5},
    {"action": "deny", "reason": "x" * 2001},
    {"action": "accept", "materials": "申请书"},
    {"action": "accept", "expected_version": "three"},
    {"action": "accept", "unknown": 1},
    ["accept"],
    "accept",
    None,
])
def test_transition_in_validates_as_ninja_schema(value):
    assert _outcome(CaseTransitionIn, value) == _outcome(_plain(CaseTransitionIn), value)


@pytest.mark.parametrize("value", [
    TRANSITION_OUT,
    {**TRANSITION_OUT, "row_version": "x"},
    {**TRANSITION_OUT, "available_actions": [{"action": "approve"}]},
    {key: value for key, value in TRANSITION_OUT.items() if key != "status_label"},
    {**TRANSITION_OUT, "extra": 1},
])
def test_transition_out_validates_as_ninja_schema(value):
    assert _outcome(TransitionOut, value) == _outcome(_plain(TransitionOut), value)


def test_same_json_schema():
    assert CaseTransitionIn.json_schema() == {**_plain(CaseTransitionIn).json_schema(), "title": "CaseTransitionIn"}
    plain_out = _plain(TransitionOut).json_schema()
    assert TransitionOut.json_schema()["properties"].keys() == plain_out["properties"].keys()
    assert TransitionOut.json_schema()["required"] == plain_out["required"]
