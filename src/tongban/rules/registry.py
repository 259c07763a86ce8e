"""The rule registry: every number (or choice) a seed or a standard sets, declared once (pure Python).

A rule has a default — the seed's value, or a documented default where no seed sets one — and the
scopes at which a district may override it (RuleOverride rows, each with an effective-from date).
`tongban.rules.rule_value` reads the effective value; docs/rules.md explains the lookup.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["working_days", "natural_days", "months", "count", "percent", "amount_yuan", "enum", "mapping"]
Scope = Literal["district", "town", "department", "item"]

KIND_LABELS: dict[str, str] = {
    "working_days": "工作日", "natural_days": "自然日", "months": "月", "count": "数量",
    "percent": "百分比", "amount_yuan": "金额（元）", "enum": "选项", "mapping": "对照表",
}
SCOPE_LABELS: dict[str, str] = {"district": "区", "town": "镇（街道）", "department": "部门", "item": "事项"}
INTEGER_KINDS = frozenset({"working_days", "natural_days", "months", "count"})
DECIMAL_KINDS = frozenset({"percent", "amount_yuan"})
ALL_SCOPES: tuple[Scope, ...] = ("district", "town", "department", "item")
REGION_SCOPES: tuple[Scope, ...] = ("district", "town")


@dataclass(frozen=True)
class Rule:
    code: str
    label: str  # 中文名
    kind: Kind
    unit: str  # shown after the value: 个工作日, 个月, %, 元 …
    default: Any  # int / Decimal / str / dict, per kind; None: not set anywhere yet (metric targets)
    source: str  # the seed clause or standard, or "默认值" with the reason
    scopes: tuple[Scope, ...] = ("district",)
    choices: tuple[tuple[str, str], ...] = ()  # enum: (value, 中文)
    min: int | Decimal | None = None  # bounds of the value (of each entry, for a mapping)
    max: int | Decimal | None = None
    entry_kind: Kind | None = None  # mapping: the kind of each entry's value
    keys: tuple[tuple[Any, str], ...] = ()  # mapping: (key, 中文) — every key must be given
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind == "mapping" and (self.entry_kind is None or not self.keys):
            raise ValueError(f"{self.code}: a mapping rule needs entry_kind and keys")
        if self.kind == "enum" and not self.choices:
            raise ValueError(f"{self.code}: an enum rule needs choices")
        unknown = set(self.scopes) - set(ALL_SCOPES)
        if unknown:
            raise ValueError(f"{self.code}: unknown scopes {sorted(unknown)}")

    @property
    def value_kind(self) -> Kind:
        """The kind each number of the value has (a mapping's entries, or the value itself)."""
        return self.entry_kind if self.kind == "mapping" else self.kind  # type: ignore[return-value]

    @property
    def nullable(self) -> bool:
        return self.default is None


SEED_000 = "种子文件 000（临兰政发〔2022〕6号）"
SEED_001 = "种子文件 001（山政发〔2021〕7号）"
SEED_004 = "种子文件 004"

TICKET_KINDS = (("consult", "咨询"), ("help", "求助"), ("complaint", "投诉"), ("report", "举报"),
                ("suggestion", "建议"))
BAD_LEVELS = ((4, "不满意"), (5, "非常不满意"))

RULES: list[Rule] = [
    # Cases (DOMAIN.md §3)
    Rule(code="case.yellow_card_working_days", label="黄牌预警提前工作日数", kind="working_days", unit="个工作日",
         default=2, source="DOMAIN.md §3：到期前预警（黄牌，例如提前 2 个工作日）；无种子条款，默认值",
         scopes=ALL_SCOPES, min=0, max=30),
    Rule(code="case.commitment_verify_months", label="告知承诺核查期限", kind="months", unit="个月",
         default=3, source="DOMAIN.md §3：核查期限按事项设定，种子未设统一期限；默认值 3 个月",
         scopes=ALL_SCOPES, min=1, max=24),
    Rule(code="case.waiver_consequence", label="容缺逾期未补交的后果", kind="enum", unit="",
         default="suspend", source="DOMAIN.md §3：容缺逾期未补交承担相应后果（中止办理、信用记录）",
         scopes=ALL_SCOPES, choices=(("suspend", "中止办理"), ("terminate", "终止办理"))),
    Rule(code="case.waiver_max_working_days", label="容缺补交期限上限", kind="working_days", unit="个工作日",
         default=20, source="种子文件未设容缺补交期限；默认值 20 个工作日（与法定办理时限常见上限一致，各区可改）",
         scopes=ALL_SCOPES, min=1, max=60),
    # 12345 hotline (STANDARDS.md §6: no national due times; the local example's)
    Rule(code="hotline.due_working_days", label="12345 工单办理时限（按诉求类型）", kind="mapping",
         unit="个工作日", entry_kind="working_days", keys=TICKET_KINDS,
         default={"consult": 3, "help": 3, "complaint": 13, "report": 13, "suggestion": 13},
         source="STANDARDS.md §6：地方示例，咨询/求助 ≤3 个工作日，建议批评/投诉举报 ≤13 个工作日",
         scopes=("district", "town", "department"), min=1, max=60),
    Rule(code="hotline.duplicate_days", label="12345 重复工单查找范围", kind="natural_days", unit="天",
         default=7, source="默认值：查找 7 个自然日内的相似工单（无种子条款）", min=1, max=90),
    Rule(code="hotline.duplicate_similarity", label="12345 重复工单相似度阈值", kind="percent", unit="%",
         default=Decimal("50"), source="默认值：双字组 Jaccard 相似度 ≥ 50% 视为疑似重复（无种子条款）",
         min=Decimal("1"), max=Decimal("100")),
    Rule(code="hotline.callback_working_days", label="12345 回访时限", kind="working_days", unit="个工作日",
         default=5, source="默认值：种子未设 12345 回访时限；参照 STANDARDS.md §4 差评“123”规则（二次回访 5 个工作日内）",
         scopes=("district", "town", "department"), min=1, max=30),
    Rule(code="hotline.extension_max_working_days", label="12345 延期最长工作日数", kind="working_days",
         unit="个工作日", default=30, source="默认值：单次延期不超过 30 个工作日（STANDARDS.md §6：延期须在期限前批准）",
         scopes=("district", "town", "department"), min=1, max=60),
    # 好差评 (STANDARDS.md §4)
    Rule(code="rating.rectification_working_days", label="差评整改时限（按评价等级）", kind="mapping",
         unit="个工作日", entry_kind="working_days", keys=BAD_LEVELS, default={4: 10, 5: 5},
         source="STANDARDS.md §4 / DOMAIN.md §5：地方规则 5–15 个工作日；默认 不满意 10、非常不满意 5",
         scopes=("district", "town", "department", "item"), min=1, max=30),
]

RULES_BY_CODE: dict[str, Rule] = {}


def declare(rule: Rule) -> None:
    if rule.code in RULES_BY_CODE:
        raise ValueError(f"rule declared twice: {rule.code}")
    RULES_BY_CODE[rule.code] = rule


for _rule in RULES:
    declare(_rule)


def get_rule(code: str) -> Rule:
    try:
        return RULES_BY_CODE[code]
    except KeyError:
        raise LookupError(f"no rule {code!r} in tongban.rules.registry") from None


# Commitments, pickup and decision notices (cases: 告知承诺, 领取, 决定书)
for _rule in [
    Rule(code="notice.administrative_review_days", label="申请行政复议期限", kind="natural_days", unit="日",
         default=60, source="《中华人民共和国行政复议法》（2023年修订）第二十条第一款：知道或者应当知道该行政行为之日起六十日内",
         min=60, max=365, note="法律规定的最短期限，决定书据此告知；法律另有更长期限的从其规定"),
    Rule(code="notice.litigation_months", label="提起行政诉讼期限", kind="months", unit="个月",
         default=6, source="《中华人民共和国行政诉讼法》第四十六条第一款：知道或者应当知道作出行政行为之日起六个月内",
         min=6, max=24, note="法律另有规定的除外"),
    Rule(code="case.result_validity_months", label="办理结果有效期", kind="months", unit="个月",
         default=None, source="默认值：种子未设；按事项设定（如许可证有效期），未设定时决定书写明以所发证照载明为准",
         scopes=("district", "department", "item"), min=1, max=600),
    Rule(code="credit.good_classes", label="信用良好的信用等级", kind="enum", unit="",
         default="A,B", source="种子文件 000 第16条：对信用良好的企业个人实行告知承诺；等级参照鲁发改信用〔2020〕808号 A/B/C/D 四级",
         choices=(("A", "仅 A 级（诚信）"), ("A,B", "A 级（诚信）和 B 级（良好）")),
         note="告知承诺与容缺受理只对列入这些等级且无未修复严重失信记录的申请人开放"),
]:
    declare(_rule)

# 信用分类审批 (credit: subjects without a credit class)
for _rule in [
    Rule(code="credit.unknown_subject_allowed", label="无信用等级的申请人可否告知承诺", kind="enum", unit="",
         default="allow",
         source="默认值：种子未规定；新设立的企业和未参评的个人尚无信用等级，实践中无严重失信记录即可适用告知承诺，各区可改为不允许",
         choices=(("allow", "允许（无严重失信记录即可）"), ("refuse", "不允许（须有信用良好的等级）")),
         note="仍须无未修复的严重失信记录"),
]:
    declare(_rule)


# 12345 and 好差评 (hotline, ratings: 应急 tier)
for _rule in [
    Rule(code="hotline.emergency_natural_days", label="12345 应急工单办理时限", kind="natural_days", unit="天",
         default=0, source="STANDARDS.md §6：地方示例，应急类当日办理（0 = 派单当日 24 时前）",
         scopes=("district", "town", "department"), min=0, max=3),
]:
    declare(_rule)


# Metric targets (tongban.metrics.registry): each metric's default target and its basis, settable
# per district and town from a date on; metrics.targets reads them through rule_value.
def _metric_target_rules() -> list[Rule]:
    from tongban.metrics.registry import METRICS

    return [Rule(code=metric_target_code(metric.code), label=f"{metric.name}目标值", kind="percent", unit="%",
                 default=metric.target, source=metric.basis, scopes=REGION_SCOPES, min=Decimal("0"),
                 max=Decimal("100"), note=f"{'不低于' if metric.direction == '>=' else '不高于'}目标值为达标")
            for metric in METRICS]


def metric_target_code(metric_code: str) -> str:
    return f"metric.{metric_code}.target"


for _rule in _metric_target_rules():
    declare(_rule)

# Duration targets of the seeds (no metric counts them yet; the modules that build these
# procedures read them from here).
for _rule in (
    Rule(code="target.startup_working_days", label="企业开办办理时限目标", kind="working_days", unit="个工作日",
         default=1, source="议题 12 所列目标：企业开办 ≤ 1 个工作日（种子文件 000/001 未见具体天数，默认值）",
         scopes=REGION_SCOPES, min=0, max=20),
    Rule(code="target.simple_deregistration_working_days", label="企业简易注销办结时限", kind="working_days",
         unit="个工作日", default=1, source=f"{SEED_001}附件 一、6：简易注销“全程网办”，1个工作日内办结",
         scopes=REGION_SCOPES, min=0, max=20),
    Rule(code="target.simple_deregistration_notice_working_days", label="企业简易注销公告时间", kind="working_days",
         unit="个工作日", default=20, source=f"{SEED_001}附件 一、6：简易注销公告时间由45个工作日压缩为20个工作日",
         scopes=REGION_SCOPES, min=1, max=45),
    Rule(code="target.utility_connection_working_days", label="水气报装接入时限目标", kind="working_days",
         unit="个工作日", default=3, source="DOMAIN.md §3：用水、用气报装接入 ≤ 3 个工作日", scopes=REGION_SCOPES,
         min=0, max=30),
):
    declare(_rule)

# Case engine (并联审批)
declare(Rule(code="case.co_department_task_working_days", label="并联审批协办部门出具意见时限", kind="working_days",
             unit="个工作日", default=3,
             source="默认值：种子未设协办部门时限；参照各地并联审批“协办部门 3 个工作日内出具意见”的常见规定",
             scopes=("district", "department", "item"), min=1, max=30,
             note="自受理（或牵头部门退回重新出具意见）之日起计算；按协办部门或事项可另设"))
