"""证照标识 per GB/T 36904-2018 (STANDARDS.md §1) — pure, no Django.

    1.2.156.3005.2 . 证照类型代码 . 证照颁发机构代码 . 流水号 . 版本号 . 校验位

The check character is ISO/IEC 7064 MOD 37,36 (hybrid) over the segments without the root and
without the dots (python-stdnum `iso7064.mod_37_36`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.iso7064 import mod_37_36

ROOT = "1.2.156.3005.2"
_SEGMENT = re.compile(r"^[0-9A-Z]+$")
_VERSION = re.compile(r"^\d{3}$")
# Longest identifier accepted before parsing (type 21 + issuer 18 + serial ≤ 40 + root and dots).
MAX_LENGTH = 120
MAX_SERIAL_LENGTH = 40
FIRST_VERSION = "001"


class InvalidIdentifier(ValueError):
    """Why a string is not a valid 证照标识 (the message is shown to people, in Chinese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Identifier:
    type_code: str
    issuer_code: str
    serial: str
    version: str
    check: str

    @property
    def payload(self) -> str:
        return self.type_code + self.issuer_code + self.serial + self.version

    def __str__(self) -> str:
        return ".".join((ROOT, self.type_code, self.issuer_code, self.serial, self.version, self.check))


def check_character(type_code: str, issuer_code: str, serial: str, version: str) -> str:
    return mod_37_36.calc_check_digit(type_code + issuer_code + serial + version)


def make_identifier(type_code: str, issuer_code: str, serial: str, version: str = FIRST_VERSION) -> Identifier:
    for name, value in (("证照类型代码", type_code), ("颁发机构代码", issuer_code), ("流水号", serial)):
        if not value or not _SEGMENT.match(value):
            raise InvalidIdentifier("licence.identifier_segment", f"{name}只能由数字和大写字母组成：{value!r}")
    if len(serial) > MAX_SERIAL_LENGTH:
        raise InvalidIdentifier("licence.identifier_segment", "流水号过长。")
    if not _VERSION.match(version) or version == "000":
        raise InvalidIdentifier("licence.identifier_version", f"版本号应为 001–999 的三位数字：{version!r}")
    return Identifier(type_code, issuer_code, serial, version,
                      check_character(type_code, issuer_code, serial, version))


def next_version(version: str) -> str:
    number = int(version) + 1
    if number > 999:
        raise InvalidIdentifier("licence.identifier_version", "版本号已达 999，不能再换发。")
    return f"{number:03d}"


def parse_identifier(text: str) -> Identifier:
    """The identifier's parts, or InvalidIdentifier saying what is wrong (format or check)."""
    value = re.sub(r"\s+", "", text or "").upper()
    if not value or len(value) > MAX_LENGTH:
        raise InvalidIdentifier("licence.identifier_format", "证照标识格式不正确。")
    if not value.startswith(ROOT + "."):
        raise InvalidIdentifier("licence.identifier_root", f"证照标识应以电子证照根代码 {ROOT} 开头。")
    parts = value[len(ROOT) + 1:].split(".")
    if len(parts) != 5 or not all(parts):
        raise InvalidIdentifier("licence.identifier_format",
                                "证照标识应为：根代码.证照类型代码.颁发机构代码.流水号.版本号.校验位。")
    type_code, issuer_code, serial, version, check = parts
    if not all(_SEGMENT.match(p) for p in parts) or len(check) != 1:
        raise InvalidIdentifier("licence.identifier_format", "证照标识只能由数字、大写字母和点组成，校验位为一位。")
    if not _VERSION.match(version):
        raise InvalidIdentifier("licence.identifier_version", "版本号应为三位数字。")
    expected = check_character(type_code, issuer_code, serial, version)
    if check != expected:
        raise InvalidIdentifier("licence.identifier_check", "证照标识校验位错误：请核对是否抄错。")
    return Identifier(type_code, issuer_code, serial, version, check)


def is_valid_identifier(text: str) -> bool:
    try:
        parse_identifier(text)
    except InvalidIdentifier:
        return False
    return True
