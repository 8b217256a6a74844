"""How an audit row is hashed. Pure functions shared by the writer and the verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_row(fields: dict[str, Any]) -> str:
    def default(value: Any) -> str:
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)

    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=default)


def row_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    payload = previous_hash + "|" + canonical_row(fields)
    return hashlib.sha256(payload.encode()).hexdigest()
