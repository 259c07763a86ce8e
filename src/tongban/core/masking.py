"""个人信息脱敏 — the ONE masking helper for personal data in pages, exports and log lines.

居民身份证号, 手机号/固定电话, 住址 and 姓名 are personal information (个人信息保护法). Every
page, export and log line shows them through these functions so that the rule is the same
everywhere and can be changed in one place. All functions accept ``None`` (template and export
code often has missing values) and return ``""`` for it.

Rules (the masked part is replaced by one ``*`` per hidden character unless stated):

* 身份证号: first 6 (address code) + last 4 of 18 chars: ``370302********1232``.
  15-char old IDs keep 6 + 3. Any other length keeps at most a quarter at each end.
* 手机号: ``138****5678`` (a ``+86`` prefix is kept). 固定电话: area code + last 4 digits of
  the local number: ``0539-***3456``. Anything else: only the last 4 digits stay, and only
  when there are at least 7 digits.
* 住址: see :func:`mask_address`.
* 姓名: the first character only: ``张**``, ``李*``.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

__all__ = [
    "MaskKind",
    "MaskingLogFilter",
    "mask",
    "mask_address",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_text",
]

MaskKind = Literal["id_number", "phone", "address", "name"]


def _keep_ends(value: str, head: int, tail: int) -> str:
    """Keep ``head`` leading and ``tail`` trailing chars, star out the rest (never all)."""
    n = len(value)
    if head + tail >= n:  # nothing would be hidden: hide everything instead
        return "*" * n
    return value[:head] + "*" * (n - head - tail) + value[n - tail :]


def mask_id_number(value: str | None) -> str:
    """身份证号脱敏: ``370302199001011232`` → ``370302********1232``."""
    s = (value or "").strip()
    n = len(s)
    if n >= 18:  # longer garbage gets more stars, never more revealed chars
        return _keep_ends(s, 6, 4)
    if n == 15:  # 一代证: 6 address + 6 birth (YYMMDD) + 3 sequence; hide birth + most of seq
        return _keep_ends(s, 6, 3)
    return _keep_ends(s, min(6, n // 4), min(4, n // 4))


_MOBILE_RE = re.compile(r"(\+?86|0086)?(1[3-9][0-9]{9})", re.ASCII)
_LANDLINE_RE = re.compile(r"(0[0-9]{2,3})([-\s]?)([0-9]{7,8})", re.ASCII)


def mask_phone(value: str | None) -> str:
    """电话号码脱敏: mobile ``13812345678`` → ``138****5678``; landline ``0539-8123456`` →
    ``0539-***3456``."""
    s = (value or "").strip()
    compact = re.sub(r"[\s\-()（）]", "", s)
    m = _MOBILE_RE.fullmatch(compact)
    if m:
        prefix = f"{m.group(1)} " if m.group(1) else ""
        return f"{prefix}{m.group(2)[:3]}****{m.group(2)[-4:]}"
    m = _LANDLINE_RE.fullmatch(s)
    if m:
        area, sep, local = m.groups()
        if not sep:
            # Without a separator the split is ambiguous. 010 (Beijing) and 02x are the only
            # 3-digit area codes; all others have 4 digits.
            digits = area + local
            cut = 3 if digits.startswith(("010", "02")) else 4
            area, local = digits[:cut], digits[cut:]
        return f"{area}-{_keep_ends(local, 0, 4)}"
    # Unknown layout: star every digit except the last 4 (and those only if >= 7 digits).
    n_digits = sum(c.isdigit() for c in s)
    keep_from = n_digits - 4 if n_digits >= 7 else n_digits
    out, seen = [], 0
    for c in s:
        if c.isdigit():
            out.append(c if seen >= keep_from else "*")
            seen += 1
        else:
            out.append(c)
    return "".join(out)


# Admin-division suffixes. Longer alternatives first so 自治区/地区 win over 区 and 街道 is
# recognised as one element. A suffix ends an element only when the element already has a
# name (>= 1 char): in 镇江市, 市中区 or 乡宁县 the leading marker is part of the name.
_ADMIN_SUFFIX_RE = re.compile(r"特别行政区|自治区|自治州|地区|街道|省|市|盟|区|县|旗|镇|乡")
_CUT_SUFFIXES = frozenset({"区", "县", "旗", "镇", "乡", "街道"})  # county / town level
# An admin element never contains digits, Latin letters or building words, nor a street
# word after its first char (路南区, 道里区 are districts; 金雀山路… is a street).
_NOT_ADMIN_RE = re.compile(
    r"[0-9A-Za-z０-９]|号|单元|室|栋|幢|楼|小区|社区|园区|村|组|.[路街巷弄道]"
)
_ADMIN_NAME_MAX = 15  # longest real names: ~13 chars (…各族自治县)


def mask_address(value: str | None) -> str:
    """住址脱敏: keep the administrative part, hide the rest.

    Rule: walk the address through admin-division elements (…省 / …自治区 / …市 / …自治州 /
    …地区 / …盟 and then …区 / …县 / …旗 / …镇 / …乡 / …街道). Keep everything up to and
    including the first county- or town-level element (区/县/旗/镇/乡/街道) and append
    ``****``: ``山东省临沂市兰山区金雀山路123号4单元501室`` → ``山东省临沂市兰山区****``.
    An element stops counting as administrative when its name contains a digit, a Latin
    letter or a street/building word (…路, 号, 小区, 社区 …) or is too long. Without a
    county/town element the province/city part is kept (``山东省临沂市****``); without any
    admin part at most the first min(6, len/3) characters before the first digit are kept.
    """
    s = (value or "").strip()
    if not s:
        return ""
    kept, start = 0, 0
    for m in _ADMIN_SUFFIX_RE.finditer(s):
        name = s[start : m.start()]
        if not name:
            continue  # leading marker belongs to the name (镇江市, 市中区)
        if _NOT_ADMIN_RE.search(s[start : m.end()]) or len(name) > _ADMIN_NAME_MAX:
            break
        start = m.end()
        if m.group() in _CUT_SUFFIXES:
            kept = start
            break
        kept = start  # province / city level: keep it, continue to the county
    if kept == 0:
        prefix = re.split(r"[0-9０-９]", s, maxsplit=1)[0]
        kept = min(len(prefix), 6, len(s) // 3)
    if kept >= len(s):  # the whole value is an admin name: nothing personal to hide
        return s
    return s[:kept] + "****"


def mask_name(value: str | None) -> str:
    """姓名脱敏: keep the first character: ``张三丰`` → ``张**``, ``李四`` → ``李*``.

    Compound surnames (欧阳) also keep only one character: revealing less is the safe side.
    """
    s = (value or "").strip()
    if len(s) <= 1:
        return "*" * len(s)
    return s[0] + "*" * (len(s) - 1)


# In free text, \b is useless: Chinese characters are word characters for Python's re, so
# "身份证370302199001011232" has no boundary before the digits. We use explicit lookarounds
# on ASCII letters/digits instead: a number glued to Chinese text or punctuation is found,
# but a run inside a longer alphanumeric token (a USCC, an order number) is left alone.
_ALNUM = "0-9A-Za-z"
# 18-char ID shape with a plausible birth date (18xx–20xx, month 01–12, day 01–31). The check
# digit is NOT required: an ID with a typo is still personal data. A USCC containing letters
# never matches; a digits-only USCC is only masked if positions 7–14 happen to look like a
# date, and then over-masking an enterprise code is the safe failure.
_ID_IN_TEXT_RE = re.compile(
    rf"(?<![{_ALNUM}])[0-9]{{6}}(?:18|19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])"
    rf"(?:0[1-9]|[12][0-9]|3[01])[0-9]{{3}}[0-9Xx](?![{_ALNUM}])"
)
_MOBILE_IN_TEXT_RE = re.compile(
    rf"(?<![{_ALNUM}])((?:\+|00)?86[-\s]?)?(1[3-9][0-9]{{9}})(?![{_ALNUM}])"
)


def mask_text(text: str | None) -> str:
    """自由文本脱敏: mask ID numbers and mobile numbers inside free text (log lines, 投诉内容).

    Landlines, names and addresses cannot be found reliably in free text and are not
    touched; store them in their own fields and mask those with the functions above.
    """
    if not text:
        return ""
    out = _ID_IN_TEXT_RE.sub(lambda m: mask_id_number(m.group()), text)
    return _MOBILE_IN_TEXT_RE.sub(
        lambda m: f"{m.group(1) or ''}{m.group(2)[:3]}****{m.group(2)[-4:]}", out
    )


_MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "name": mask_name,
}


def mask(value: str | None, kind: MaskKind) -> str:
    """按类型脱敏: dispatch to the masker for ``kind`` (id_number, phone, address, name)."""
    try:
        masker = _MASKERS[kind]
    except KeyError:
        expected = ", ".join(sorted(_MASKERS))
        raise ValueError(f"unknown mask kind {kind!r}; expected one of {expected}") from None
    return masker(value)


class MaskingLogFilter(logging.Filter):
    """日志脱敏过滤器: masks ID and mobile numbers in every log record it sees.

    The message is rendered (``msg % args``), masked with :func:`mask_text` and stored back
    with ``args = ()``, so handlers and formatters only ever see the masked text. Exception
    tracebacks and stack info are rendered and masked too (exception messages often quote the
    offending value). Attach it to **handlers** (Django ``LOGGING["handlers"][…]["filters"]``):
    filters on a logger do not see records propagated from child loggers.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # bad %-args must not crash the caller; keep the raw parts
            message = f"{record.msg} {record.args!r}"
        record.msg = mask_text(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
