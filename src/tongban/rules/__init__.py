"""District rules as data: every number a seed sets, with its default, source and overrides.

`from tongban.rules import rule_value` — the value of a rule for a date and a scope (book.py).
The name is resolved lazily so that importing this package never touches the app registry.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .book import rule_value

__all__ = ["rule_value"]


def __getattr__(name: str):
    if name == "rule_value":
        from .book import rule_value

        return rule_value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
