"""Case states by meaning: queues, jobs and metrics ask for a tag, never for a state's name.

The names live in the workflow data (workflow_definitions.py, seeded into WorkflowDefinition);
each state there declares its tags. A query over all cases needs the states of every shipped
workflow, so the union is computed once per process from the shipped data (a model's index
condition reads it at import). Code that holds a case asks its own workflow instead
(`case.workflow.workflow.has_tag(case.status, tag)`).
"""

from functools import cache

from .workflow import TAGS, Workflow
from .workflow_definitions import SHIPPED


@cache
def _shipped() -> tuple[Workflow, ...]:
    return tuple(Workflow.from_definition(definition) for definition in SHIPPED)


@cache
def states_tagged(tag: str) -> tuple[str, ...]:
    """Every shipped state carrying `tag`, in declaration order (stable: an index condition uses it)."""
    if tag not in TAGS:
        raise KeyError(f"unknown state tag {tag!r}")
    found: dict[str, None] = {}
    for workflow in _shipped():
        found.update(dict.fromkeys(workflow.tagged(tag)))
    return tuple(found)
