"""惠企政策 rule language: eligibility and amount rules as data, and their evaluator (pure Python).

A program's rules are one JSON document (docs/policies.md describes it in full)::

    {"inputs": [{"name": "area_sqm", "label": "使用面积（平方米）", "kind": "decimal"}],
     "eligibility": {"all": [{"fact": "declared.area_sqm", "op": ">=", "value": "20000",
                              "label": "使用面积20000平方米以上"}]},
     "amount": {"type": "per_unit", "fact": "declared.area_sqm", "yuan_per_unit": "10",
                "cap_yuan": "300000"}}

Facts are a nested dict: ``profile`` (what the government holds about the enterprise: industry,
size, region, credit_class, licences, titles, history …), ``declared`` (the figures the applicant
declares, one per input) and ``review`` (what reviewers set, e.g. the rank of a 评选 program).
A condition is three-valued: True, False, or None when a fact it needs is missing — so 精准匹配
can list a program as "可能符合" before the enterprise has declared its figures.

Money is Decimal yuan, rounded down to the fen; no float is accepted anywhere (rules or facts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

FEN = Decimal("0.01")
ZERO = Decimal("0")
NAMESPACES = ("profile", "declared", "review")
COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")
OPERATORS = (*COMPARISONS, "in", "not_in", "contains", "not_contains", "exists", "not_exists")
INPUT_KINDS = ("decimal", "integer", "choice", "bool", "text")
AMOUNT_TYPES = ("fixed", "per_unit", "proportional", "tiers", "ranked", "lookup", "max", "sum", "choose")
#: a number in a rule: a string or an int (never a float), limited so nothing overflows a column
MAX_YUAN = Decimal("100000000000")  # 1000亿: no program pays more; a larger figure is a typo


class RuleError(ValueError):
    """A rule document that cannot be evaluated; ``problems`` lists (path, Chinese message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))


class FactError(ValueError):
    """A declared figure that is not a number where the rule needs one (or a float)."""

    def __init__(self, name: str, message: str) -> None:
        self.name, self.message = name, message
        super().__init__(f"{name}: {message}")


def yuan(value: Any) -> Decimal:
    """A money or quantity value as Decimal; ints and numeric strings only (floats are refused)."""
    if isinstance(value, bool | float):
        raise ValueError("浮点数不能表示金额，请使用字符串或整数")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"“{value}”不是数字") from None
    else:
        raise ValueError(f"{value!r} 不是数字")
    if not result.is_finite():
        raise ValueError("数字必须有限")
    return result


def to_fen(amount: Decimal) -> int:
    return int((amount / FEN).to_integral_value(rounding=ROUND_DOWN))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) * FEN).quantize(FEN)


def down(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_DOWN)


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------

def validate(document: Any) -> dict:
    """The document if it is a valid rule document, else RuleError listing every problem."""
    problems: list[tuple[str, str]] = []
    if not isinstance(document, Mapping):
        raise RuleError([("$", "规则必须是一个 JSON 对象")])
    unknown = set(document) - {"inputs", "eligibility", "amount", "notes"}
    if unknown:
        problems.append(("$", f"未知的键：{', '.join(sorted(unknown))}"))
    inputs = document.get("inputs", [])
    names: set[str] = set()
    if not isinstance(inputs, list):
        problems.append(("inputs", "申报数据项必须是列表"))
        inputs = []
    for index, spec in enumerate(inputs):
        path = f"inputs[{index}]"
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str) or not spec.get("name"):
            problems.append((path, "每个申报数据项需要 name"))
            continue
        if not spec["name"].isidentifier():
            problems.append((path, f"数据项名称“{spec['name']}”只能由字母、数字和下划线组成"))
        if spec["name"] in names:
            problems.append((path, f"数据项“{spec['name']}”重复"))
        names.add(spec["name"])
        if spec.get("kind", "decimal") not in INPUT_KINDS:
            problems.append((path, f"数据项类型应为 {', '.join(INPUT_KINDS)} 之一"))
        if spec.get("kind") == "choice" and not (isinstance(spec.get("choices"), list) and spec["choices"]):
            problems.append((path, "选项类数据项需要 choices"))
        if not isinstance(spec.get("label", ""), str) or not spec.get("label"):
            problems.append((path, "每个申报数据项需要中文 label"))
    if "eligibility" in document:
        _check_condition(document["eligibility"], "eligibility", names, problems)
    if "amount" not in document:
        problems.append(("amount", "缺少金额规则"))
    else:
        _check_amount(document["amount"], "amount", names, problems)
    if problems:
        raise RuleError(problems)
    return dict(document)


def _check_fact(fact: Any, path: str, names: set[str], problems: list) -> None:
    if not isinstance(fact, str) or "." not in fact:
        problems.append((path, "fact 应写作 profile.xxx、declared.xxx 或 review.xxx"))
        return
    namespace, _, rest = fact.partition(".")
    if namespace not in NAMESPACES or not rest:
        problems.append((path, f"fact “{fact}” 的前缀应为 {', '.join(NAMESPACES)} 之一"))
    elif namespace == "declared" and rest.split(".")[0] not in names:
        problems.append((path, f"fact “{fact}” 未在 inputs 中声明"))


def _check_number(value: Any, path: str, problems: list, *, positive: bool = False) -> None:
    try:
        number = yuan(value)
    except ValueError as error:
        problems.append((path, str(error)))
        return
    if number < 0 or (positive and number == 0):
        problems.append((path, "必须为正数" if positive else "不能为负数"))
    elif number > MAX_YUAN:
        problems.append((path, "数值过大"))


def _check_condition(node: Any, path: str, names: set[str], problems: list) -> None:
    if not isinstance(node, Mapping):
        problems.append((path, "条件必须是对象"))
        return
    keys = set(node) - {"label"}
    if keys in ({"all"}, {"any"}):
        (key,) = keys
        children = node[key]
        if not isinstance(children, list) or not children:
            problems.append((path, f"{key} 需要非空列表"))
            return
        for index, child in enumerate(children):
            _check_condition(child, f"{path}.{key}[{index}]", names, problems)
        return
    if keys == {"not"}:
        _check_condition(node["not"], f"{path}.not", names, problems)
        return
    if not {"fact", "op"} <= keys or keys - {"fact", "op", "value"}:
        problems.append((path, "条件应为 all / any / not，或 {fact, op, value}"))
        return
    _check_fact(node["fact"], f"{path}.fact", names, problems)
    op = node["op"]
    if op not in OPERATORS:
        problems.append((path, f"运算符 “{op}” 无效，应为 {', '.join(OPERATORS)} 之一"))
    elif op in ("exists", "not_exists"):
        if "value" in node:
            problems.append((path, f"{op} 不带 value"))
    elif "value" not in node:
        problems.append((path, "缺少 value"))
    elif op in ("in", "not_in") and not isinstance(node["value"], list):
        problems.append((path, f"{op} 的 value 必须是列表"))
    elif isinstance(node["value"], Mapping):
        if set(node["value"]) != {"fact"}:
            problems.append((f"{path}.value", "引用另一数据项时写作 {\"fact\": …}"))
        else:
            _check_fact(node["value"]["fact"], f"{path}.value.fact", names, problems)
    elif op in (">", ">=", "<", "<="):
        _check_number(node["value"], f"{path}.value", problems)
    elif isinstance(node["value"], float):
        problems.append((path, "浮点数不能用于规则，请使用字符串或整数"))


def _check_amount(node: Any, path: str, names: set[str], problems: list) -> None:
    if not isinstance(node, Mapping):
        problems.append((path, "金额规则必须是对象"))
        return
    kind = node.get("type")
    if kind not in AMOUNT_TYPES:
        problems.append((path, f"金额规则类型应为 {', '.join(AMOUNT_TYPES)} 之一"))
        return
    allowed = {"type", "label", "when", "cap_yuan"} | {
        "fixed": {"yuan"},
        "per_unit": {"fact", "yuan_per_unit", "unit_size", "whole_units"},
        "proportional": {"fact", "percent"},
        "tiers": {"fact", "tiers", "previous_fact"},
        "ranked": {"fact", "ranks"},
        "lookup": {"fact", "table"},
        "max": {"of"}, "sum": {"of"},
        "choose": {"cases"},
    }[kind]
    if extra := set(node) - allowed:
        problems.append((path, f"{kind} 规则不认识的键：{', '.join(sorted(extra))}"))
    if "when" in node:
        _check_condition(node["when"], f"{path}.when", names, problems)
    if "cap_yuan" in node:
        _check_number(node["cap_yuan"], f"{path}.cap_yuan", problems)
    if "fact" in allowed - {"type"} and kind not in ("max", "sum", "choose", "fixed"):
        if "fact" not in node:
            problems.append((path, f"{kind} 规则需要 fact"))
        else:
            _check_fact(node["fact"], f"{path}.fact", names, problems)
    if kind == "fixed":
        _check_required(node, "yuan", path, problems)
    elif kind == "per_unit":
        _check_required(node, "yuan_per_unit", path, problems)
        if "unit_size" in node:
            _check_number(node["unit_size"], f"{path}.unit_size", problems, positive=True)
        if not isinstance(node.get("whole_units", False), bool):
            problems.append((f"{path}.whole_units", "whole_units 应为 true 或 false"))
    elif kind == "proportional":
        _check_required(node, "percent", path, problems)
        if "percent" in node and not problems_for(node["percent"]) and yuan(node["percent"]) > 100:
            problems.append((f"{path}.percent", "比例不能超过 100%"))
    elif kind == "tiers":
        if "previous_fact" in node:
            _check_fact(node["previous_fact"], f"{path}.previous_fact", names, problems)
        tiers = node.get("tiers")
        if not isinstance(tiers, list) or not tiers:
            problems.append((f"{path}.tiers", "tiers 需要非空列表"))
        else:
            for index, tier in enumerate(tiers):
                tier_path = f"{path}.tiers[{index}]"
                if not isinstance(tier, Mapping) or set(tier) - {"min", "yuan", "label"} or not {"min", "yuan"} <= set(tier):
                    problems.append((tier_path, "每档需要 min 和 yuan"))
                    continue
                _check_number(tier["min"], f"{tier_path}.min", problems)
                _check_number(tier["yuan"], f"{tier_path}.yuan", problems)
            mins = [tier.get("min") for tier in tiers if isinstance(tier, Mapping)]
            if all(not problems_for(m) for m in mins) and [yuan(m) for m in mins] != sorted({yuan(m) for m in mins}):
                problems.append((f"{path}.tiers", "各档 min 必须严格递增"))
    elif kind == "ranked":
        ranks = node.get("ranks")
        if not isinstance(ranks, list) or not ranks:
            problems.append((f"{path}.ranks", "ranks 需要非空列表"))
        else:
            last = 0
            for index, rank in enumerate(ranks):
                rank_path = f"{path}.ranks[{index}]"
                if (not isinstance(rank, Mapping) or not {"from", "to", "yuan"} <= set(rank)
                        or not all(isinstance(rank[k], int) and not isinstance(rank[k], bool) for k in ("from", "to"))):
                    problems.append((rank_path, "每个名次段需要整数 from、to 和 yuan"))
                    continue
                if rank["from"] != last + 1 or rank["to"] < rank["from"]:
                    problems.append((rank_path, "名次段必须从 1 起连续且不重叠"))
                last = rank["to"]
                _check_number(rank["yuan"], f"{rank_path}.yuan", problems)
    elif kind == "lookup":
        table = node.get("table")
        if not isinstance(table, Mapping) or not table:
            problems.append((f"{path}.table", "table 需要非空对象"))
        else:
            for key, value in table.items():
                _check_number(value, f"{path}.table.{key}", problems)
    elif kind in ("max", "sum"):
        children = node.get("of")
        if not isinstance(children, list) or not children:
            problems.append((f"{path}.of", f"{kind} 需要非空列表 of"))
        else:
            for index, child in enumerate(children):
                _check_amount(child, f"{path}.of[{index}]", names, problems)
    elif kind == "choose":
        cases = node.get("cases")
        if not isinstance(cases, list) or not cases:
            problems.append((f"{path}.cases", "choose 需要非空列表 cases"))
        else:
            for index, case in enumerate(cases):
                case_path = f"{path}.cases[{index}]"
                if not isinstance(case, Mapping) or "amount" not in case or set(case) - {"when", "amount"}:
                    problems.append((case_path, "每个分支需要 amount（可带 when）"))
                    continue
                if "when" in case:
                    _check_condition(case["when"], f"{case_path}.when", names, problems)
                _check_amount(case["amount"], f"{case_path}.amount", names, problems)


def problems_for(value: Any) -> bool:
    try:
        yuan(value)
    except ValueError:
        return True
    return False


def _check_required(node: Mapping, key: str, path: str, problems: list) -> None:
    if key not in node:
        problems.append((path, f"缺少 {key}"))
    else:
        _check_number(node[key], f"{path}.{key}", problems)


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------

_MISSING = object()


def lookup_fact(facts: Mapping[str, Any], path: str) -> Any:
    current: Any = facts
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current or current[part] is None:
            return _MISSING
        current = current[part]
    return current


def _compare(left: Any, op: str, right: Any) -> bool:
    if op in (">", ">=", "<", "<="):
        a, b = yuan(left), yuan(right)
        return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]
    if op in ("==", "!="):
        if not isinstance(left, str | bool) and not isinstance(right, str | bool):
            try:
                equal = yuan(left) == yuan(right)
            except ValueError:
                equal = left == right
        else:
            equal = left == right
        return equal if op == "==" else not equal
    if op in ("in", "not_in"):
        inside = left in right
        return inside if op == "in" else not inside
    if op in ("contains", "not_contains"):
        items = left if isinstance(left, list | tuple | set | frozenset) else [left]
        inside = right in items
        return inside if op == "contains" else not inside
    raise RuleError([("op", f"运算符 “{op}” 无效")])


def check(node: Mapping, facts: Mapping[str, Any], failed: list[str] | None = None,
          unknown: list[str] | None = None) -> bool | None:
    """Three-valued truth of a condition: None when a fact it needs is missing.

    `failed` / `unknown` collect the labels (or the fact names) of the leaves that were false /
    could not be decided, for the applicant's explanation.
    """
    if "all" in node:
        results = [check(child, facts, failed, unknown) for child in node["all"]]
        return False if False in results else (None if None in results else True)
    if "any" in node:
        results = [check(child, facts, None, None) for child in node["any"]]
        outcome = True if True in results else (None if None in results else False)
        if outcome is False and failed is not None:
            failed.append(node.get("label") or "不满足任一条件")
        if outcome is None and unknown is not None:
            unknown.append(node.get("label") or "待补充申报数据")
        return outcome
    if "not" in node:
        inner = check(node["not"], facts, None, None)
        outcome = None if inner is None else not inner
        if outcome is False and failed is not None:
            failed.append(node.get("label") or "不符合排除条件")
        if outcome is None and unknown is not None:
            unknown.append(node.get("label") or "待补充申报数据")
        return outcome
    op = node["op"]
    value = lookup_fact(facts, node["fact"])
    label = node.get("label") or node["fact"]
    if op in ("exists", "not_exists"):
        present = value is not _MISSING
        outcome = present if op == "exists" else not present
    elif value is _MISSING:
        if op in ("not_in", "not_contains", "!=") and node["fact"].startswith("profile."):
            outcome = True  # a list the government holds and the enterprise is absent from
        else:
            if unknown is not None:
                unknown.append(label)
            return None
    else:
        right = node["value"]
        if isinstance(right, Mapping):  # compared with another fact (the district average …)
            right = lookup_fact(facts, right["fact"])
            if right is _MISSING:
                if unknown is not None:
                    unknown.append(label)
                return None
        try:
            outcome = _compare(value, op, right)
        except ValueError as error:
            raise FactError(node["fact"], str(error)) from None
    if not outcome and failed is not None:
        failed.append(label)
    return outcome


@dataclass
class Amount:
    """An evaluated amount: None when a fact it needs is missing (the estimate waits for it)."""

    yuan: Decimal | None
    capped: bool = False
    steps: list[str] = field(default_factory=list)


def amount_of(node: Mapping, facts: Mapping[str, Any]) -> Amount:
    """The amount a node gives for these facts, rounded down to the fen, capped where it says."""
    if "when" in node:
        truth = check(node["when"], facts)
        if truth is None:
            return Amount(None, steps=[f"{node.get('label', node['type'])}：待补充申报数据"])
        if truth is False:
            return Amount(ZERO, steps=[f"{node.get('label', node['type'])}：不适用"])
    raw = _raw_amount(node, facts)
    if raw.yuan is None:
        return raw
    result = down(raw.yuan)
    if "cap_yuan" in node and result > yuan(node["cap_yuan"]):
        cap = yuan(node["cap_yuan"])
        raw.steps.append(f"超过上限，按上限 {format_yuan(cap)} 计")
        return Amount(down(cap), capped=True, steps=raw.steps)
    return Amount(result, capped=raw.capped, steps=raw.steps)


def _number_fact(facts: Mapping[str, Any], fact: str) -> Decimal | None:
    value = lookup_fact(facts, fact)
    if value is _MISSING:
        return None
    try:
        number = yuan(value)
    except ValueError as error:
        raise FactError(fact, str(error)) from None
    if number < 0:
        raise FactError(fact, "不能为负数")
    return number


def _raw_amount(node: Mapping, facts: Mapping[str, Any]) -> Amount:
    kind = node["type"]
    label = node.get("label", "")
    if kind == "fixed":
        value = yuan(node["yuan"])
        return Amount(value, steps=[f"{label or '定额'} {format_yuan(value)}"])
    if kind in ("per_unit", "proportional", "tiers", "ranked", "lookup"):
        if kind == "lookup":
            key = lookup_fact(facts, node["fact"])
            if key is _MISSING:
                return Amount(None, steps=[f"{node['fact']}：待补充"])
            value = yuan(node["table"].get(str(key), "0"))
            return Amount(value, steps=[f"{label or '按级别'} {key}：{format_yuan(value)}"])
        number = _number_fact(facts, node["fact"])
        if number is None:
            return Amount(None, steps=[f"{node['fact']}：待补充"])
        if kind == "per_unit":
            size = yuan(node.get("unit_size", 1))
            units = number / size
            if node.get("whole_units", size != 1):
                units = units.to_integral_value(rounding=ROUND_DOWN)
            value = units * yuan(node["yuan_per_unit"])
            return Amount(value, steps=[f"{_plain(number)} ÷ {_plain(size)} × {format_yuan(yuan(node['yuan_per_unit']))}"
                                        f" = {format_yuan(down(value))}"])
        if kind == "proportional":
            value = number * yuan(node["percent"]) / 100
            return Amount(value, steps=[f"{format_yuan(number)} × {_plain(yuan(node['percent']))}% = {format_yuan(down(value))}"])
        if kind == "tiers":
            reached = [tier for tier in node["tiers"] if number >= yuan(tier["min"])]
            if not reached:
                return Amount(ZERO, steps=["未达到最低档"])
            tier = max(reached, key=lambda t: yuan(t["min"]))
            if "previous_fact" in node:  # 首次突破: a tier reached before gives nothing again
                previous = _number_fact(facts, node["previous_fact"])
                if previous is None:
                    return Amount(None, steps=[f"{node['previous_fact']}：待补充"])
                if previous >= yuan(tier["min"]):
                    return Amount(ZERO, steps=[f"{tier.get('label') or _plain(yuan(tier['min']))} 档此前已达到"])
            return Amount(yuan(tier["yuan"]), steps=[f"达到 {tier.get('label') or _plain(yuan(tier['min']))} 档："
                                                     f"{format_yuan(yuan(tier['yuan']))}"])
        # ranked
        rank = int(number) if number == number.to_integral_value() else 0
        for band in node["ranks"]:
            if band["from"] <= rank <= band["to"]:
                return Amount(yuan(band["yuan"]), steps=[f"第 {rank} 名：{format_yuan(yuan(band['yuan']))}"])
        return Amount(ZERO, steps=[f"第 {rank} 名不在奖励名次内"])
    if kind in ("max", "sum"):
        parts = [amount_of(child, facts) for child in node["of"]]
        known = [part for part in parts if part.yuan is not None]
        steps = [step for part in parts for step in part.steps]
        if kind == "sum":
            if len(known) < len(parts):
                return Amount(None, steps=steps)
            return Amount(sum((p.yuan for p in known), ZERO), capped=any(p.capped for p in known), steps=steps)
        if not known:
            return Amount(None, steps=steps)
        best = max(known, key=lambda p: p.yuan)
        return Amount(best.yuan, capped=best.capped, steps=[*steps, f"从高：{format_yuan(best.yuan)}"])
    # choose: the first case whose condition holds
    for case in node["cases"]:
        truth = check(case["when"], facts) if "when" in case else True
        if truth is None:
            return Amount(None, steps=["待补充申报数据"])
        if truth:
            return amount_of(case["amount"], facts)
    return Amount(ZERO, steps=["无适用情形"])


def upper_bound(node: Mapping) -> Decimal | None:
    """The most a node can ever give (最高可获), or None when it has no limit (an uncapped rate)."""
    kind = node["type"]
    if kind == "fixed":
        bound: Decimal | None = yuan(node["yuan"])
    elif kind == "tiers":
        bound = max(yuan(tier["yuan"]) for tier in node["tiers"])
    elif kind == "ranked":
        bound = max(yuan(band["yuan"]) for band in node["ranks"])
    elif kind == "lookup":
        bound = max(yuan(value) for value in node["table"].values())
    elif kind in ("max", "sum", "choose"):
        children = [upper_bound(child) for child in node["of"]] if kind != "choose" else [
            upper_bound(case["amount"]) for case in node["cases"]]
        total = sum(children, ZERO) if kind == "sum" and None not in children else None  # type: ignore[arg-type]
        bound = None if None in children else (total if kind == "sum" else max(children))  # type: ignore[type-var]
    else:
        bound = None
    if "cap_yuan" in node:
        cap = yuan(node["cap_yuan"])
        bound = cap if bound is None else min(bound, cap)
    return bound


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def format_yuan(amount: Decimal) -> str:
    """1234567.5 → '1,234,567.50 元' (for explanations and pages)."""
    return f"{down(amount):,.2f} 元"


@dataclass
class Evaluation:
    eligible: bool | None  # None: a needed fact is missing
    amount: Decimal | None  # yuan, rounded down to the fen; None until the figures are known
    capped: bool
    failed: list[str]
    unknown: list[str]
    steps: list[str]

    @property
    def amount_fen(self) -> int | None:
        return None if self.amount is None else to_fen(self.amount)


def evaluate(document: Mapping[str, Any], facts: Mapping[str, Any]) -> Evaluation:
    """Eligibility and amount of one program's rules for these facts (document already validated)."""
    failed: list[str] = []
    unknown: list[str] = []
    eligible = check(document["eligibility"], facts, failed, unknown) if "eligibility" in document else True
    if eligible is False:
        return Evaluation(False, ZERO, False, failed, unknown, [])
    result = amount_of(document["amount"], facts)
    if result.yuan is not None and result.yuan == 0 and eligible:
        failed.append("按申报数据计算金额为零")
        return Evaluation(False, ZERO, False, failed, unknown, result.steps)
    return Evaluation(eligible, result.yuan, result.capped, failed, unknown, result.steps)


def parse_declared(document: Mapping[str, Any], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The declared figures, typed by the document's inputs; FactError names a bad one.

    Unknown names are dropped; a missing input stays missing (evaluation then says 待补充).
    """
    declared: dict[str, Any] = {}
    for spec in document.get("inputs", []):
        name, kind = spec["name"], spec.get("kind", "decimal")
        if name not in raw or raw[name] in (None, ""):
            continue
        value = raw[name]
        if kind in ("decimal", "integer"):
            try:
                number = yuan(value)
            except ValueError as error:
                raise FactError(name, f"{spec.get('label', name)}：{error}") from None
            if number < 0:
                raise FactError(name, f"{spec.get('label', name)}不能为负数")
            if number > MAX_YUAN:
                raise FactError(name, f"{spec.get('label', name)}数值过大")
            if kind == "integer" and number != number.to_integral_value():
                raise FactError(name, f"{spec.get('label', name)}应为整数")
            if kind == "decimal" and number.as_tuple().exponent < -2:  # type: ignore[operator]
                raise FactError(name, f"{spec.get('label', name)}最多两位小数")
            declared[name] = str(number) if kind == "decimal" else int(number)
        elif kind == "bool":
            if isinstance(value, bool):
                declared[name] = value
            elif str(value).lower() in ("true", "1", "on", "yes", "是"):
                declared[name] = True
            elif str(value).lower() in ("false", "0", "off", "no", "否"):
                declared[name] = False
            else:
                raise FactError(name, f"{spec.get('label', name)}应为是或否")
        elif kind == "choice":
            allowed = [str(choice[0]) if isinstance(choice, list) else str(choice) for choice in spec["choices"]]
            if str(value) not in allowed:
                raise FactError(name, f"{spec.get('label', name)}的取值无效")
            declared[name] = str(value)
        else:
            text = str(value)
            if "\x00" in text or len(text) > 200:
                raise FactError(name, f"{spec.get('label', name)}过长或含非法字符")
            declared[name] = text
    return declared


# ---------------------------------------------------------------------------------------------
# 从优、从高、同类别不重复; no stacking; budgets
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    program: str
    category: str  # "" = a category of its own
    amount: Decimal
    excludes: frozenset[str] = frozenset()  # programs this one may not be stacked with


def best_per_category(candidates: Iterable[Candidate]) -> list[Candidate]:
    """从优、从高、同类别不重复: of each category only the highest amount, once (ties: the
    first given); then a program excluded by a kept one with a higher amount is dropped too."""
    best: dict[str, Candidate] = {}
    alone: list[Candidate] = []
    for candidate in candidates:
        if not candidate.category:
            alone.append(candidate)
        elif candidate.category not in best or candidate.amount > best[candidate.category].amount:
            best[candidate.category] = candidate
    kept = sorted([*best.values(), *alone], key=lambda c: c.amount, reverse=True)
    chosen: list[Candidate] = []
    for candidate in kept:
        if any(candidate.program in other.excludes or other.program in candidate.excludes for other in chosen):
            continue
        chosen.append(candidate)
    return chosen


def allocate(requests: Sequence[tuple[Any, int]], budget_fen: int, mode: str) -> dict[Any, int]:
    """Share `budget_fen` among (key, requested fen) in the given order (the ranking order).

    ``ranking``: in order, each gets what it asked while the budget lasts; one that no longer
    fits gets nothing and the next smaller ones may still fit. ``pro_rata``: everyone gets the
    same share of what they asked, rounded down to the fen (never more than the budget, never
    more than asked); when the budget covers everything each gets its request.
    """
    if budget_fen < 0:
        raise ValueError("budget must not be negative")
    total = sum(fen for _key, fen in requests)
    if total <= budget_fen:
        return {key: fen for key, fen in requests}
    if mode == "pro_rata":
        return {key: fen * budget_fen // total for key, fen in requests}
    if mode != "ranking":
        raise ValueError(f"unknown allocation mode {mode!r}")
    granted: dict[Any, int] = {}
    left = budget_fen
    for key, fen in requests:
        if fen <= left:
            granted[key] = fen
            left -= fen
        else:
            granted[key] = 0
    return granted
