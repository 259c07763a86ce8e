"""Schemas that validate plain dicts without ninja's per-attribute getter.

`DictSchema` is implemented in tongban.core.fastpath (the one module that touches ninja's
internals); schemas import it from here.
"""

from tongban.core.fastpath import DictSchema

__all__ = ["DictSchema"]
