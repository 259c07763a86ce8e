"""Idempotent submissions: the same `Idempotency-Key` never creates two records."""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from tongban.core.errors import Conflict, DomainError

from .models import IdempotencyKey

MAX_KEY_LENGTH = 100


def _fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def run_once(*, key: str | None, scope: str, user, payload: Any, now: datetime,
             produce: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """Run `produce` (which writes and returns status and body) at most once per key.

    The record and the key are committed together; of two concurrent requests with one key the
    second hits the unique constraint, rolls back everything it wrote, and returns the first's
    stored response. Reusing a key for a different request is refused.
    """
    if not key:
        with transaction.atomic():
            return produce()
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError("idempotency.key_too_long", f"Idempotency-Key 不能超过 {MAX_KEY_LENGTH} 个字符。",
                          field="Idempotency-Key", status=422)
    fingerprint = _fingerprint(payload)
    user_id = user.pk if getattr(user, "pk", None) else None
    if (stored := _stored(scope, user_id, key, fingerprint)) is not None:
        return stored
    try:
        with transaction.atomic():
            status, body = produce()
            IdempotencyKey.objects.create(key=key, scope=scope, user_id=user_id, request_hash=fingerprint,
                                          response_status=status, response_body=body, created_at=now)
            return status, body
    except IntegrityError:
        if (stored := _stored(scope, user_id, key, fingerprint)) is not None:
            return stored
        raise


def _stored(scope: str, user_id, key: str, fingerprint: str) -> tuple[int, dict] | None:
    existing = IdempotencyKey.objects.filter(scope=scope, user_id=user_id, key=key).first()
    if existing is None:
        return None
    if existing.request_hash != fingerprint:
        raise Conflict("idempotency.key_reused", "该 Idempotency-Key 已用于另一个不同的请求，请使用新的键。")
    return existing.response_status, existing.response_body
