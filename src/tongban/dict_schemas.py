"""Schemas that validate plain dicts without ninja's per-attribute getter.

ninja's `Schema` wraps every value it validates in a `DjangoGetter`, so that model instances,
managers, querysets and `resolve_<field>` methods work; for a dict that means one Python
`__getattr__` per field, nested schemas included. On the hot path of a transition both the
request body (a dict parsed from JSON) and the reply (a dict of plain values built by
presenters.transition_payload) need none of that: `DictSchema` hands such a dict to pydantic as
it is. Every field is still validated and serialised by the same schema (same OpenAPI, same
errors); anything that is not a plain dict, or a schema with resolvers, goes through ninja's
path unchanged.
"""

from typing import Any

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ValidationInfo, model_validator


class DictSchema(Schema):
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info: ValidationInfo) -> Any:
        # Replaces ninja.schema.Schema._run_root_validator (same name), with a dict fast path:
        # DjangoGetter over a dict returns its values as they are (a missing key is a missing
        # field) unless a value is callable, a manager, a queryset or a file — never so for JSON
        # or for the dicts the presenters build.
        if type(values) is dict and not cls._ninja_resolvers:
            return handler(values)
        if cls.model_config.get("extra") == "forbid" or cls.model_config.get("validate_assignment", False):
            handler(values)
        return handler(DjangoGetter(values, cls, info.context))
