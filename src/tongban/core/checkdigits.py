"""校验码 — check characters of 居民身份证号 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015).

Pure Python, no Django: forms, API schemas, importers and seed-data generators all share
these functions so that every entry point accepts and rejects exactly the same values.

Facts (see shared/STANDARDS.md §5):

* 居民身份证号 / 公民身份号码: 6 address + 8 birth date ``YYYYMMDD`` + 3 sequence + 1 check.
  Check = ``(12 - Σ aᵢ·wᵢ mod 11) mod 11`` with ``wᵢ = 2^(18-i) mod 11``; 10 is written ``X``.
* 统一社会信用代码 (USCC): 18 chars of ``0123456789ABCDEFGHJKLMNPQRTUWXY``; check =
  ``alphabet[(31 - Σ vᵢ·3^(i-1) mod 31) mod 31]``.

The arithmetic is delegated to python-stdnum (``stdnum.cn.ric`` / ``stdnum.cn.uscc``), but we
do NOT call their ``validate()``: ``ric.validate`` rejects birthplace codes missing from its
bundled county table (real people keep IDs issued under abolished or renamed counties), and
``uscc.validate`` rejects letter-prefixed codes (e.g. 登记管理部门 ``Y``) that GB 32100 allows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc

__all__ = [
    "USCC_ALPHABET",
    "InvalidCheckDigitCode",
    "InvalidIdNumber",
    "InvalidUscc",
    "id_number_check_char",
    "make_id_number",
    "make_uscc",
    "uscc_check_char",
    "validate_id_number",
    "validate_uscc",
]

#: GB 32100 alphabet: digits plus upper-case letters without I O Z S V (31 symbols).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# ASCII-only patterns on purpose: str.isdigit() and \d also accept e.g. Arabic-Indic or
# superscript digits, which must never reach the stored value.
_ID_BODY_RE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
_ID_PREFIX_RE = re.compile(r"[0-9]{17}", re.ASCII)
_REGION_RE = re.compile(r"[0-9]{6}", re.ASCII)
_USCC_CHARS = frozenset(USCC_ALPHABET)


class InvalidCheckDigitCode(ValueError):
    """Base error for codes carrying a check character (身份证号、统一社会信用代码).

    ``message`` is a Chinese sentence shown to the user as-is; ``code`` is a stable machine
    key (e.g. ``"id_number.check_digit"``) for API clients, tests and translations.
    """

    # Same argument order as tongban.core.errors.DomainError (code, message).
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.message: str = message
        self.code: str = code

    def __str__(self) -> str:
        return self.message


class InvalidIdNumber(InvalidCheckDigitCode):
    """居民身份证号码无效 — an invalid GB 11643 citizen ID number."""


class InvalidUscc(InvalidCheckDigitCode):
    """统一社会信用代码无效 — an invalid GB 32100 unified social credit code."""


def _normalise(value: str) -> str:
    """Canonical form: NFKC folds full-width input (``３７０…`` typed with a Chinese IME) to
    ASCII, inner spaces are dropped (people type IDs in groups), letters are upper-cased."""
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    folded = unicodedata.normalize("NFKC", value)
    return "".join(folded.split()).upper()


# --------------------------------------------------------------------------- 居民身份证号


def id_number_check_char(first17: str) -> str:
    """居民身份证号校验码: the GB 11643 check character (``0``–``9`` or ``X``) for 17 digits."""
    if not _ID_PREFIX_RE.fullmatch(first17):
        raise ValueError("first17 must be exactly 17 ASCII digits")
    # stdnum's calc_check_digit expects the full 18 chars and ignores the last one.
    return _ric.calc_check_digit(first17 + "0")


def validate_id_number(value: str, today: date | None = None) -> str:
    """校验居民身份证号码 (GB 11643-1999) and return its normalised 18-char form.

    Checks, in this order: length, format (17 digits + digit/X), birth date (a real calendar
    date, not after ``today``), check digit. The 6-digit address code is only checked for
    format: codes of abolished counties stay valid on people's cards for life.

    Raises :class:`InvalidIdNumber` whose ``code`` is one of ``id_number.length``,
    ``id_number.format``, ``id_number.birth_date``, ``id_number.check_digit``.
    """
    number = _normalise(value)
    if len(number) != 18:
        raise InvalidIdNumber("id_number.length", f"身份证号码应为18位，当前为{len(number)}位")
    if not _ID_BODY_RE.fullmatch(number):
        raise InvalidIdNumber(
            "id_number.format", "身份证号码格式错误：前17位应为数字，最后一位应为数字或X"
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("id_number.birth_date", "身份证号码出生日期无效") from None
    if birth > (today or date.today()):
        raise InvalidIdNumber(
            "id_number.birth_date", "身份证号码出生日期无效：晚于当前日期"
        )
    if number[17] != id_number_check_char(number[:17]):
        raise InvalidIdNumber("id_number.check_digit", "身份证号码校验位错误")
    return number


def make_id_number(region6: str, birth: date, seq3: int) -> str:
    """生成居民身份证号 for tests and demo data: address code + birth date + sequence + check.

    ``seq3`` is the 顺序码 0–999 (odd = male, even = female).
    """
    if not _REGION_RE.fullmatch(region6):
        raise ValueError("region6 must be 6 ASCII digits (GB/T 2260 区划代码)")
    if not 0 <= seq3 <= 999:
        raise ValueError("seq3 must be between 0 and 999")
    if not 1000 <= birth.year <= 9999:
        raise ValueError("birth year must have 4 digits")
    first17 = f"{region6}{birth:%Y%m%d}{seq3:03d}"
    return first17 + id_number_check_char(first17)


# --------------------------------------------------------------------------- 统一社会信用代码


def uscc_check_char(first17: str) -> str:
    """统一社会信用代码校验码: the GB 32100 check character for 17 chars of the alphabet."""
    if len(first17) != 17 or not set(first17) <= _USCC_CHARS:
        raise ValueError(f"first17 must be 17 chars of {USCC_ALPHABET}")
    return _uscc.calc_check_digit(first17)


def validate_uscc(value: str) -> str:
    """校验统一社会信用代码 (GB 32100-2015) and return its normalised 18-char form.

    Checks length, alphabet and the check character only. Positions 1–8 may be letters
    (登记管理部门 ``Y`` 其他, 机构类别 letters …), so no digits-only rule is applied. The
    GB 11714 组织机构代码 check inside positions 9–17 is not enforced: it is not part of the
    GB 32100 check and codes issued without a classic org code would be rejected.

    Raises :class:`InvalidUscc` whose ``code`` is one of ``uscc.length``, ``uscc.charset``,
    ``uscc.check_digit``.
    """
    code = _normalise(value)
    if len(code) != 18:
        raise InvalidUscc("uscc.length", f"统一社会信用代码应为18位，当前为{len(code)}位")
    bad = sorted({c for c in code if c not in _USCC_CHARS})
    if bad:
        raise InvalidUscc(
            "uscc.charset",
            f"统一社会信用代码含有非法字符：{'、'.join(bad)}"
            "（只能使用数字和除I、O、Z、S、V以外的大写字母）",
        )
    if code[17] != uscc_check_char(code[:17]):
        raise InvalidUscc("uscc.check_digit", "统一社会信用代码校验位错误")
    return code


def make_uscc(first17: str) -> str:
    """生成统一社会信用代码 for tests and demo data: ``first17`` plus its check character."""
    return first17 + uscc_check_char(first17)
