"""Read settings from the environment, one documented variable at a time.

Every variable Tongban reads is declared through `config()`, so `ENVIRONMENT_VARIABLES`
is the complete, self-documenting list (after Open Zaak's conf/includes/base.py).
"""

import os
from typing import Any

ENVIRONMENT_VARIABLES: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on"}


def config(name: str, default: Any, help_text: str) -> Any:
    """Return env var `name` converted to the type of `default`."""
    ENVIRONMENT_VARIABLES[name] = help_text
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in _TRUE
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw
