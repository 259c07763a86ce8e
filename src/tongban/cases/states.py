"""Case states by meaning: queues, jobs and metrics ask for a tag, never for a state's name.

The names live in the workflow data (workflow_definitions.py, seeded into WorkflowDefinition);
each state there declares its tags. A query over all cases needs the states of every shipped
workflow, so the union is computed once per process from the shipped data (a model's index
condition reads it at import). Code that holds a case asks its own workflow instead
(`case.workflow.workflow.has_tag(case.status, tag)`).
"""

from functools import cache

from .workflow import VOCABULARY, WORKFLOWS


@cache
def states_tagged(tag: str) -> tuple[str, ...]:
    """Every shipped state carrying `tag`, in declaration order (stable: an index condition uses it)."""
    if tag not in VOCABULARY.tags:
        raise KeyError(f"unknown state tag {tag!r}")
    found: dict[str, None] = {}
    for workflow in WORKFLOWS:
        found.update(dict.fromkeys(workflow.states_tagged(tag)))
    return tuple(found)
