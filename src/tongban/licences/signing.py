"""签名 — SM2 with SM3 (gmssl) over a canonical serialisation; keys encrypted at rest (Fernet).

Pure apart from `key_encryption()` reading the key-encryption key from settings. The choice and
the serialisation are recorded in docs/decisions.md ("电子证照 signatures").

Canonical serialisation of a licence document (the bytes that are signed):
  UTF-8 of JSON with keys sorted by code point, no insignificant whitespace
  (separators "," and ":"), non-ASCII characters written as themselves (no \\u escapes).
  Allowed values: str, int, bool, None, lists and objects of these; no floats (a date is a
  "YYYY-MM-DD" string). For those values this equals RFC 8785 (JCS) whenever keys are in the
  Basic Multilingual Plane, which ours (pinyin element codes such as ZZBS, KZ_JYCS) always are.

Signature: SM2 (GB/T 32918) over SM3(Z_A || message) with the default user id
"1234567812345678" (GM/T 0009), written as 128 hex characters r || s. The per-signature
random k comes from `secrets`, never from gmssl's default `random.choice`.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from gmssl import sm2

ALGORITHM = "SM2-with-SM3"
_CURVE = sm2.default_ecc_table
_ORDER = int(_CURVE["n"], 16)
SIGNATURE_HEX_LENGTH = 128
PUBLIC_KEY_HEX_LENGTH = 128


class CanonicalError(ValueError):
    pass


def _check(value: Any, path: str = "$") -> None:
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return
    if isinstance(value, float):
        raise CanonicalError(f"{path}: 不允许浮点数（请写成字符串）")
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError(f"{path}: 键必须是字符串")
            _check(item, f"{path}.{key}")
        return
    raise CanonicalError(f"{path}: 不支持的类型 {type(value).__name__}")


def canonical_bytes(document: dict[str, Any]) -> bytes:
    _check(document)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class KeyPair:
    private_hex: str
    public_hex: str


def generate_key_pair() -> KeyPair:
    d = secrets.randbelow(_ORDER - 2) + 1
    private_hex = f"{d:064x}"
    public_hex = sm2.CryptSM2(private_key=private_hex, public_key="")._kg(d, _CURVE["g"])
    return KeyPair(private_hex, public_hex)


def _nonce() -> str:
    return f"{secrets.randbelow(_ORDER - 2) + 1:064x}"


def sign(message: bytes, *, private_hex: str, public_hex: str) -> str:
    signer = sm2.CryptSM2(private_key=private_hex, public_key=public_hex)
    return signer.sign_with_sm3(message, _nonce())


def verify(message: bytes, signature_hex: str, *, public_hex: str) -> bool:
    """True only for a well-formed signature that matches; never raises on bad input."""
    if (not isinstance(signature_hex, str) or len(signature_hex) != SIGNATURE_HEX_LENGTH
            or not isinstance(public_hex, str) or len(public_hex) != PUBLIC_KEY_HEX_LENGTH):
        return False
    try:
        int(signature_hex, 16), int(public_hex, 16)
        r, s = int(signature_hex[:64], 16), int(signature_hex[64:], 16)
        if not (0 < r < _ORDER and 0 < s < _ORDER):
            return False
        return bool(sm2.CryptSM2(private_key=None, public_key=public_hex).verify_with_sm3(signature_hex, message))
    except (ValueError, TypeError, ZeroDivisionError):
        return False


def sign_document(document: dict[str, Any], *, private_hex: str, public_hex: str) -> str:
    return sign(canonical_bytes(document), private_hex=private_hex, public_hex=public_hex)


def verify_document(document: dict[str, Any], signature_hex: str, *, public_hex: str) -> bool:
    try:
        message = canonical_bytes(document)
    except CanonicalError:
        return False
    return verify(message, signature_hex, public_hex=public_hex)
