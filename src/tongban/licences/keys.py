"""Issuer keys: generate, rotate, encrypt at rest, load for signing.

The private key exists in clear only in this process's memory (a small cache keyed by key id,
so the issuing worker does not decrypt per licence); it is never written to a log, the admin,
the API or an export. The public key set of a department is public (offline verification).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import transaction

from tongban.audit import services as audit

from . import events, signing
from .errors import NO_KEY
from .models import IssuerKey


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.LICENCE_KEY_ENCRYPTION_KEYS])


def _new_key(department, now: datetime) -> IssuerKey:
    pair = signing.generate_key_pair()
    key_id = f"{department.uscc or department.code}-{now:%Y%m%d}-{secrets.token_hex(4)}"
    return IssuerKey.objects.create(
        key_id=key_id, department=department, public_key=pair.public_hex, created_at=now,
        private_key_encrypted=_fernet().encrypt(pair.private_hex.encode()))


@transaction.atomic
def rotate_key(department, *, actor, now: datetime) -> IssuerKey:
    """A new active key for the department; the old one is retired but kept for verifying."""
    old = IssuerKey.objects.select_for_update().filter(department=department, retired_at__isnull=True).first()
    if old is not None:
        old.retired_at = now
        old.save(update_fields=["retired_at"])
    key = _new_key(department, now)
    audit.record(actor=actor, action=events.KEY_ROTATED if old else events.KEY_CREATED, target=key, now=now,
                 before={"key_id": old.key_id} if old else None, after={"key_id": key.key_id})
    return key


def ensure_key(department, *, actor, now: datetime) -> IssuerKey:
    key = IssuerKey.objects.filter(department=department, retired_at__isnull=True).first()
    return key or rotate_key(department, actor=actor, now=now)


def active_key(department) -> IssuerKey:
    key = IssuerKey.objects.filter(department=department, retired_at__isnull=True).first()
    if key is None:
        raise NO_KEY
    return key


@lru_cache(maxsize=256)
def _private_hex(key_id: str, encrypted: bytes) -> str:
    return _fernet().decrypt(encrypted).decode()


def private_hex(key: IssuerKey) -> str:
    return _private_hex(key.key_id, bytes(key.private_key_encrypted))


def sign_with(key: IssuerKey, document: dict) -> str:
    return signing.sign_document(document, private_hex=private_hex(key), public_hex=key.public_key)


def public_key_set(department) -> dict:
    """The department's public keys (active and retired), as the offline verifier reads them."""
    keys = IssuerKey.objects.filter(department=department).order_by("created_at")
    return {
        "issuer": department.name, "issuer_code": department.uscc,
        "keys": [{"key_id": k.key_id, "algorithm": k.algorithm, "public_key": k.public_key,
                  "created_at": k.created_at.isoformat(),
                  "retired_at": k.retired_at.isoformat() if k.retired_at else None} for k in keys],
    }
