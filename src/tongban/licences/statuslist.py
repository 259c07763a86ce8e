"""Signed status list (W3C Bitstring Status List style) and offline verification — pure, no Django.

A department's list holds `size` bits per licence at its `status.index` (4 bits: 0 有效, 1 暂停,
2 注销, 3 吊销, 4 撤销), most significant bit first, GZIP-compressed and base64url-encoded in
`encodedList`, signed with the department's key like a licence. A verifier downloads the list
once and checks any number of licences against it without calling us per licence.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import signing
from .identifiers import InvalidIdentifier, parse_identifier
from .workflow import EXPIRED_LABEL, STATUS_CODES, STATUS_LABELS

STATUS_SIZE = 4
MIN_ENTRIES = 131072  # W3C: at least 16 KB of bits, so a list does not reveal how many were issued
LABEL_OF_CODE = {code: STATUS_LABELS[state] for state, code in STATUS_CODES.items()}
STATE_OF_CODE = {code: state for state, code in STATUS_CODES.items()}


def encode(entries: dict[int, int], *, length: int) -> str:
    """entries: index → status code (only the non-zero ones); length: number of entries."""
    length = max(length, MIN_ENTRIES)
    bits = bytearray((length * STATUS_SIZE + 7) // 8)
    for index, code in entries.items():
        for bit in range(STATUS_SIZE):
            if code >> (STATUS_SIZE - 1 - bit) & 1:
                position = index * STATUS_SIZE + bit
                bits[position // 8] |= 0x80 >> (position % 8)
    return base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    padded = encoded + "=" * (-len(encoded) % 4)
    return gzip.decompress(base64.urlsafe_b64decode(padded))


def code_at(bits: bytes, index: int) -> int:
    code = 0
    for bit in range(STATUS_SIZE):
        position = index * STATUS_SIZE + bit
        if position // 8 >= len(bits):
            raise IndexError("status index outside the list")
        code = code << 1 | (bits[position // 8] >> (7 - position % 8) & 1)
    return code


def list_document(*, issuer_code: str, issuer: str, issued: str, entries: dict[int, int], length: int,
                  key_id: str) -> dict[str, Any]:
    return {
        "type": "BitstringStatusList", "statusPurpose": "message", "statusSize": STATUS_SIZE,
        "statusMessages": [{"status": hex(code), "message": label} for code, label in sorted(LABEL_OF_CODE.items())],
        "issuer": issuer, "issuer_code": issuer_code, "issued": issued, "key_id": key_id,
        "encodedList": encode(entries, length=length),
    }


@dataclass(frozen=True)
class Verdict:
    ok: bool
    status: str  # valid / suspended / cancelled / revoked / withdrawn / expired / invalid
    message: str
    identifier: str = ""


def _key(keys: dict[str, Any], key_id: str) -> str | None:
    for entry in keys.get("keys", []):
        if entry.get("key_id") == key_id:
            return entry.get("public_key")
    return None


def verify_offline(licence_file: dict[str, Any], *, public_keys: dict[str, Any], status_list: dict[str, Any] | None,
                   today: date) -> Verdict:
    """Check a licence file with only the issuer's public key set and (optionally) its status list."""
    document = licence_file.get("document") if isinstance(licence_file, dict) else None
    signature = (licence_file.get("signature") or {}) if isinstance(licence_file, dict) else {}
    if not isinstance(document, dict) or not isinstance(signature, dict):
        return Verdict(False, "invalid", "文件格式不正确：缺少 document 或 signature。")
    identifier = str(document.get("ZZBS", ""))
    try:
        parse_identifier(identifier)
    except InvalidIdentifier as error:
        return Verdict(False, "invalid", f"证照标识无效：{error.message}", identifier)
    key_id = str(signature.get("key_id") or document.get("key_id") or "")
    if signature.get("key_id") != document.get("key_id"):
        return Verdict(False, "invalid", "签名密钥标识与证照内容不一致。", identifier)
    public = _key(public_keys, key_id)
    if public is None:
        return Verdict(False, "invalid", f"公钥文件中没有签名所用的密钥 {key_id}。", identifier)
    if not signing.verify_document(document, str(signature.get("value", "")), public_hex=public):
        return Verdict(False, "invalid", "签名验证失败：证照内容或签名已被篡改，或不是该机构签发。", identifier)
    if status_list is not None:
        list_signature = status_list.get("signature") or {}
        list_document_ = status_list.get("document") or {}
        list_key = _key(public_keys, str(list_signature.get("key_id", "")))
        if (list_key is None or list_document_.get("key_id") != list_signature.get("key_id")
                or not signing.verify_document(list_document_, str(list_signature.get("value", "")),
                                               public_hex=list_key)):
            return Verdict(False, "invalid", "状态列表签名验证失败：列表不可信。", identifier)
        if list_document_.get("issuer_code") != document.get("ZZBFJGDM"):
            return Verdict(False, "invalid", "状态列表不属于该证照的颁发机构。", identifier)
        try:
            code = code_at(decode(str(list_document_.get("encodedList", ""))),
                           int((document.get("status") or {}).get("index", -1)))
        except (ValueError, IndexError, OSError, EOFError):
            return Verdict(False, "invalid", "状态列表中找不到该证照的位置。", identifier)
        state = STATE_OF_CODE.get(code)
        if state is None:
            return Verdict(False, "invalid", "状态列表中的状态值未知。", identifier)
        if state != "valid":
            return Verdict(False, state, f"证照已{LABEL_OF_CODE[code]}（状态列表 {list_document_.get('issued')}）。",
                           identifier)
    until = str(document.get("ZZYXQJZRQ", ""))
    if until and until != "长期":
        try:
            if today > date.fromisoformat(until):
                return Verdict(False, "expired", f"证照已{EXPIRED_LABEL}（有效期至 {until}）。", identifier)
        except ValueError:
            return Verdict(False, "invalid", "有效期截止日期格式不正确。", identifier)
    suffix = "" if status_list is not None else "（未核对状态列表）"
    return Verdict(True, "valid", f"签名有效，证照有效{suffix}。", identifier)
