"""The audit chain's hash: SM3 (GB/T 32905, the national hash) over canonical JSON."""

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def entry_digest(fields: dict[str, Any], previous_hash: str) -> str:
    """Hash one entry's content together with the previous entry's hash."""
    canonical = json.dumps(
        fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.new("sm3", f"{previous_hash}|{canonical}".encode()).hexdigest()
