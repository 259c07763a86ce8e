"""Measurable targets: '压缩至1个工作日以内' → ≤ 1 工作日, '达到99%以上' → ≥ 99 %, '不少于100项' → ≥ 100 项.

A number counts as an indicator only when an operator word stands before it or a bound word after it;
the words are data (tuples below), Chinese numerals go through cn2an.
"""

from __future__ import annotations

import re

import cn2an

from .model import Indicator

#: (words before the number, operator). Longest first within the alternation.
PRE_CUES: tuple[tuple[str, str], ...] = (
    ("不超过", "<="), ("不多于", "<="), ("不高于", "<="), ("不大于", "<="), ("最多", "<="),
    ("压缩至", "<="), ("压缩到", "<="), ("压缩为", "<="), ("压减至", "<="), ("压减到", "<="), ("压减为", "<="),
    ("缩短至", "<="), ("缩短到", "<="), ("缩短为", "<="), ("减少至", "<="), ("减少到", "<="), ("减至", "<="),
    ("降低至", "<="), ("降低到", "<="), ("降至", "<="), ("控制在", "<="), ("精简至", "<="), ("精简为", "<="),
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="),
    ("达到", ">="), ("提高到", ">="), ("提高至", ">="), ("提升至", ">="), ("提升到", ">="),
    ("扩大到", ">="), ("扩大至", ">="), ("增加到", ">="), ("增加至", ">="), ("扩展至", ">="),
    ("增长", ">="), ("占比达", ">="), ("达", ">="),
    ("超过", ">"), ("突破", ">"), ("高于", ">"), ("大于", ">"),
    ("低于", "<"), ("少于", "<"), ("小于", "<"),
    ("实现", "="), ("为", "="),
)
POST_CUES: tuple[tuple[str, str], ...] = (
    ("以上", ">="), ("及以上", ">="), ("以下", "<="), ("及以下", "<="), ("以内", "<="), ("之内", "<="),
    ("内", "<="),
)
UNITS = (
    "个工作日", "工作日", "个自然日", "自然日", "个小时", "小时", "分钟", "天", "日", "个百分点", "%",
    "项", "件", "家", "户", "人次", "人", "万元", "亿元", "元", "次", "所", "台", "千瓦", "平方米", "米",
    "个行业", "个环节", "个", "倍",
)
#: how a unit is stored ("个工作日" → "工作日")
UNIT_CANON = {"个工作日": "工作日", "个自然日": "自然日", "个小时": "小时", "个行业": "行业", "个环节": "环节",
              "％": "%"}

_NUM = r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+"
_PRE = "|".join(re.escape(w) for w, _ in sorted(PRE_CUES, key=lambda c: -len(c[0])))
_POST = "|".join(re.escape(w) for w, _ in sorted(POST_CUES, key=lambda c: -len(c[0])))
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?:(?P<pre>{_PRE})(?P<gap>[^\d，。；、,;：:（）()]{{0,8}}?))?"
    rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})(?P<post>{_POST})?"
    rf"(?P<more>(?:[和、及](?:{_NUM})\s*(?:{_UNIT}))*)"
)
_PRE_OPS = dict(PRE_CUES)
_POST_OPS = dict(POST_CUES)
_NAME_STOP = re.compile(r"[，。；、,;：:（）()“”\"]")


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        try:
            return float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError, TypeError):
            return None


def find_indicators(text: str) -> list[Indicator]:
    out: list[Indicator] = []
    for match in _PATTERN.finditer(text):
        pre, post, unit = match.group("pre"), match.group("post"), match.group("unit")
        start = match.start("num")
        if start and (text[start - 1].isdigit() or text[start - 1] in "第."):
            continue
        after = text[match.end("unit"):match.end("unit") + 1]
        if after in ("年", "月", "号", "期", "批", "类"):
            continue
        if pre is None and post is None:
            continue
        if post == "内" and unit not in ("个工作日", "工作日", "日", "天", "小时", "个小时", "分钟", "个自然日", "自然日"):
            continue
        if pre in ("实现", "为") and unit not in ("%",):
            continue
        if pre == "为" and post is None:
            continue
        if pre and not post:
            op = _PRE_OPS[pre]
        elif post and not pre:
            op = _POST_OPS[post]
        else:
            op = _PRE_OPS[pre]
            if op == "=" or (op == ">=" and _POST_OPS[post] != ">="):
                op = _POST_OPS[post]
        value = _number(match.group("num"))
        if value is None:
            continue
        name = _subject(text, match.start())
        canon = UNIT_CANON.get(unit, unit)
        out.append(Indicator(op, value, canon, name, match.group(0)))
        for extra in re.finditer(rf"[和、及]({_NUM})\s*({_UNIT})", match.group("more") or ""):
            extra_value = _number(extra.group(1))
            if extra_value is not None:
                out.append(Indicator(op, extra_value, UNIT_CANON.get(extra.group(2), extra.group(2)), name,
                                     extra.group(0)))
    return out


def _subject(text: str, end: int) -> str:
    head = text[max(0, end - 24):end]
    parts = _NAME_STOP.split(head)
    subject = parts[-1] if parts else ""
    return subject[-16:]
