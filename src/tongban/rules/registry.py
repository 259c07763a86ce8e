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


# Supervision and credit (supervision: 双随机一公开, 审管联动, 互联网+监管; credit: records, classes, repair)
CREDIT_RISK_STRATA = tuple((f"{credit}-{risk}", f"{credit_label}·{risk_label}")
                           for credit, credit_label in (("A", "A级"), ("B", "B级"), ("C", "C级"), ("D", "D级"),
                                                        ("U", "未评价"))
                           for risk, risk_label in (("low", "低风险"), ("medium", "一般风险"), ("high", "高风险")))
for _rule in [
    Rule(code="supervision.draw_share_percent", label="双随机抽查比例（按信用等级与风险等级）", kind="mapping",
         unit="%", entry_kind="percent", keys=CREDIT_RISK_STRATA,
         default={"A-low": Decimal("2"), "A-medium": Decimal("3"), "A-high": Decimal("5"),
                  "B-low": Decimal("3"), "B-medium": Decimal("5"), "B-high": Decimal("10"),
                  "C-low": Decimal("5"), "C-medium": Decimal("10"), "C-high": Decimal("20"),
                  "D-low": Decimal("10"), "D-medium": Decimal("20"), "D-high": Decimal("50"),
                  "U-low": Decimal("5"), "U-medium": Decimal("10"), "U-high": Decimal("20")},
         source="种子文件 003：将随机抽查的比例频次、被抽查概率与抽查对象的信用等级、风险程度挂钩（种子未给比例）；"
                "种子文件 001 十六.3：风险高的提高比例、低的降低比例；默认比例为示例，各区按计划另定",
         scopes=("district", "department"), min=Decimal("0"), max=Decimal("100"),
         note="每层抽取 ⌈户数 × 比例 ÷ 100⌉ 户；计划可逐层另定"),
    Rule(code="supervision.inspectors_per_subject", label="每户检查对象的检查人员数", kind="count", unit="人",
         default=2, source="DOMAIN.md §6：双随机抽查至少两名执法人员", scopes=("district", "department"), min=2, max=5),
    Rule(code="supervision.publish_working_days", label="抽查结果公开期限", kind="working_days", unit="个工作日",
         default=20, source="默认值：种子要求“一公开”未设期限；按抽查检查结束后 20 个工作日内公示（市场监管领域通行做法）",
         scopes=("district", "department"), min=1, max=60),
    Rule(code="supervision.rectification_working_days", label="责令整改期限", kind="working_days", unit="个工作日",
         default=10, source="默认值：种子未设；检查发现问题责令限期整改，到期复查", scopes=("district", "department"),
         min=1, max=60),
    Rule(code="supervision.task_receive_working_days", label="审管联动接收时限", kind="working_days",
         unit="个工作日", default=1, source="种子文件 000 第13条：审批和监管信息实时推送、共享；默认推送后 1 个工作日内接收",
         scopes=("district", "department"), min=1, max=10),
    Rule(code="supervision.task_handle_working_days", label="审管联动处置反馈时限", kind="working_days",
         unit="个工作日", default=5, source="种子文件 000 第13条、种子文件 001 十五.17：落实信息双向反馈；默认接收后 5 个工作日内处置并反馈",
         scopes=("district", "department"), min=1, max=60),
    Rule(code="supervision.clue_working_days", label="监管线索处置反馈时限", kind="working_days", unit="个工作日",
         default=10, source="种子文件 003：建立风险识别、处置和反馈机制（未设期限）；默认推送后 10 个工作日内反馈",
         scopes=("district", "department"), min=1, max=60),
    Rule(code="credit.publicity_working_days", label="双公示期限（行政许可、行政处罚信息）", kind="working_days",
         unit="个工作日", default=7, source="种子文件 003：以行政许可和行政处罚信用信息“双公示”为重点；"
                                           "国家“双公示”要求作出决定之日起 7 个工作日内公示",
         scopes=("district", "department"), min=1, max=30),
    Rule(code="credit.repair_review_working_days", label="信用修复审核期限", kind="working_days", unit="个工作日",
         default=5, source="种子文件 001 十六.6、种子文件 003：健全信用修复机制；默认受理后 5 个工作日内审核",
         scopes=("district", "department"), min=1, max=30),
    Rule(code="credit.general_records_for_class_c", label="评为 C 级的一般失信记录数", kind="count", unit="条",
         default=2, source="默认值：鲁发改信用〔2020〕808号 A/B/C/D 四级；一般失信 1 条为 B 级、达到本数为 C 级，严重失信为 D 级",
         min=1, max=20),
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

# Consumer vouchers (vouchers: 消费券, seed 002 临兰政办发〔2021〕24号); a campaign copies these when it is set up
SEED_002_VOUCHERS = "种子文件 002（临兰政办发〔2021〕24号）"
for _rule in (
    Rule(code="vouchers.budget_district_yuan", label="消费券区政府出资", kind="amount_yuan", unit="元",
         default=Decimal("5000000"), source=f"{SEED_002_VOUCHERS} 五：兰山区人民政府出资500万元", min=Decimal("0")),
    Rule(code="vouchers.budget_partner_yuan", label="消费券合作方（银联）出资", kind="amount_yuan", unit="元",
         default=Decimal("1000000"), source=f"{SEED_002_VOUCHERS} 五：中国银联山东分公司出资100万元",
         min=Decimal("0")),
    Rule(code="vouchers.rounds", label="消费券投放轮数", kind="count", unit="轮", default=4,
         source=f"{SEED_002_VOUCHERS} 五（一）：每周五上午10点……共投放4轮", min=1, max=52),
    Rule(code="vouchers.round_interval_natural_days", label="消费券投放间隔", kind="natural_days", unit="天",
         default=7, source=f"{SEED_002_VOUCHERS} 五（一）：每周五投放", min=1, max=31),
    Rule(code="vouchers.round_open_hour", label="消费券投放时刻（时）", kind="count", unit="时", default=10,
         source=f"{SEED_002_VOUCHERS} 五（一）：每周五上午10点", min=0, max=23),
    Rule(code="vouchers.valid_natural_days", label="每轮消费券有效期", kind="natural_days", unit="天", default=7,
         source=f"{SEED_002_VOUCHERS} 五（一）：每轮消费券有效期7天", min=1, max=90),
    Rule(code="vouchers.round_min_release_percent", label="每轮最低投放比例（占投放总额）", kind="percent",
         unit="%", default=Decimal("25"),
         source=f"{SEED_002_VOUCHERS} 五（一）：每轮按不低于投放总额的25%（含上轮逾期消费券未使用部分）进行投放",
         min=Decimal("0"), max=Decimal("100")),
    Rule(code="vouchers.thresholds_yuan", label="消费券面额与使用门槛（满减）", kind="mapping", unit="元",
         entry_kind="amount_yuan", keys=((100, "100元券"), (50, "50元券"), (30, "30元券")),
         default={100: Decimal("500"), 50: Decimal("200"), 30: Decimal("100")},
         source=f"{SEED_002_VOUCHERS} 五（四）1：30元券满100元可用，50元券满200元可用，100元券满500元可用",
         min=Decimal("0")),
    Rule(code="vouchers.per_person_per_denomination", label="每人每轮每种面额可领张数", kind="count", unit="张",
         default=1, source=f"{SEED_002_VOUCHERS} 五（三）：每人每轮（批）可领取100元、50元、30元消费券各一张",
         min=1, max=10),
    Rule(code="vouchers.per_purchase", label="每笔消费限用张数", kind="count", unit="张", default=1,
         source=f"{SEED_002_VOUCHERS} 五（四）3：每笔消费限用一张消费券", min=1, max=1),
    Rule(code="vouchers.sampled_small_merchants", label="限下抽样企业数", kind="count", unit="家", default=52,
         source=f"{SEED_002_VOUCHERS} 二：餐住、零售规上企业及52家限下抽样企业", min=0, max=10000),
    Rule(code="vouchers.suspicious_merchant_factor", label="商户核销异常倍数（相对同规模商户中位数）",
         kind="count", unit="倍", default=5,
         source="默认值：种子要求防范套现、作弊（四（一）2），未给标准；核销笔数超过同类同规模商户中位数的倍数即提示核查",
         min=2, max=100),
    Rule(code="vouchers.suspicious_device_holders", label="同一设备领券人数异常阈值（每轮）", kind="count",
         unit="人", default=5,
         source="默认值：种子要求防范套取活动资源（四（一）2），未给标准；同一设备每轮为超过此人数的不同实名领券即提示核查",
         min=2, max=1000),
):
    declare(_rule)

# Government-internal procedures (procedures: 规范性文件 and SOE rules seed 002 临兰政发〔2021〕3号 /
# 临兰政办发〔2021〕19号; 重大行政决策 seed 003 市中区重大行政决策程序规定)
SEED_002_NORMS = "种子文件 002（临兰政发〔2021〕3号 规范性文件管理规定）"
SEED_002_SOE = "种子文件 002（临兰政办发〔2021〕19号 区属企业融资担保及责任追究办法）"
SEED_003_DECISIONS = "种子文件 003（市中区重大行政决策程序规定）"
LOSS_TIERS = (("general", "一般资产损失"), ("larger", "较大资产损失"), ("major", "重大资产损失"))
PAY_CUT_KEYS = tuple((f"{tier}.{who}", f"{label}·{who_label}") for tier, label in LOSS_TIERS
                     for who, who_label in (("direct", "直接/主管责任人"), ("leadership", "领导责任人")))
for _rule in (
    Rule(code="procedures.norm_comment_natural_days", label="规范性文件公开征求意见期限", kind="natural_days",
         unit="日", default=20, source=f"{SEED_002_NORMS} 第二十五条：征求意见时间不少于20日", min=1, max=90,
         note="含起止日"),
    Rule(code="procedures.norm_comment_enterprise_natural_days", label="规范性文件公开征求意见期限（涉及市场主体）",
         kind="natural_days", unit="日", default=30,
         source=f"{SEED_002_NORMS} 第二十五条：涉及企业等市场主体活动的一般不少于30日", min=1, max=90),
    Rule(code="procedures.norm_legality_working_days", label="规范性文件合法性审核最短时间", kind="working_days",
         unit="个工作日", default=5, source=f"{SEED_002_NORMS} 第二十六条：合法性审核时间一般不少于5个工作日",
         min=1, max=60),
    Rule(code="procedures.norm_effective_gap_natural_days", label="规范性文件施行日期与公布日期最短间隔",
         kind="natural_days", unit="日", default=30, source=f"{SEED_002_NORMS} 第四十六条：间隔不得少于30日",
         min=0, max=365),
    Rule(code="procedures.norm_filing_natural_days", label="规范性文件备案期限", kind="natural_days", unit="日",
         default=30, source=f"{SEED_002_NORMS} 第三十八条：自公布之日起30日内报备案", min=1, max=90),
    Rule(code="procedures.norm_filing_review_natural_days", label="规范性文件备案审查期限", kind="natural_days",
         unit="日", default=60, source=f"{SEED_002_NORMS} 第四十条：自收到备案材料之日起60日内审查完毕",
         min=1, max=180),
    Rule(code="procedures.norm_deferral_fix_natural_days", label="暂缓备案登记修改补充期限", kind="natural_days",
         unit="日", default=15, source=f"{SEED_002_NORMS} 第四十条（二）：通知制定机关在15日内修改、补充",
         min=1, max=60),
    Rule(code="procedures.norm_validity_min_months", label="规范性文件有效期下限", kind="months", unit="个月",
         default=36, source=f"{SEED_002_NORMS} 第四十六条：有效期为3年至5年", min=1, max=120),
    Rule(code="procedures.norm_validity_max_months", label="规范性文件有效期上限", kind="months", unit="个月",
         default=60, source=f"{SEED_002_NORMS} 第四十六条：有效期为3年至5年", min=1, max=120),
    Rule(code="procedures.norm_trial_validity_min_months", label="暂行、试行规范性文件有效期下限", kind="months",
         unit="个月", default=12, source=f"{SEED_002_NORMS} 第四十六条：标注暂行、试行的，有效期为1年至2年",
         min=1, max=120),
    Rule(code="procedures.norm_trial_validity_max_months", label="暂行、试行规范性文件有效期上限", kind="months",
         unit="个月", default=24, source=f"{SEED_002_NORMS} 第四十六条：标注暂行、试行的，有效期为1年至2年",
         min=1, max=120),
    Rule(code="procedures.norm_evaluation_months", label="有效期届满前评估期", kind="months", unit="个月",
         default=6, source=f"{SEED_002_NORMS} 第四十八条（二）：有效期届满前6个月内的应当组织评估", min=1, max=24,
         note="进入此期间即提示到期并要求评估"),
    Rule(code="procedures.norm_review_request_natural_days", label="审查申请处理期限", kind="natural_days",
         unit="日", default=60, source=f"{SEED_002_NORMS} 第四十五条：自受理审查申请之日起60日内作出处理",
         min=1, max=180),
    Rule(code="procedures.norm_review_request_extension_natural_days", label="审查申请延长期限上限",
         kind="natural_days", unit="日", default=30, source=f"{SEED_002_NORMS} 第四十五条：延长期限最多不超过30日",
         min=0, max=90),
    Rule(code="procedures.decision_comment_natural_days", label="重大行政决策公开征求意见期限", kind="natural_days",
         unit="日", default=30, source=f"{SEED_003_DECISIONS} 第十八条：公开征求意见的期限一般不少于30日",
         min=1, max=90, note="含起止日"),
    Rule(code="procedures.decision_experts_min", label="专家论证最少专家人数", kind="count", unit="人", default=5,
         source=f"{SEED_003_DECISIONS} 第二十三条：专家人数一般不少于5人", min=1, max=50),
    Rule(code="procedures.decision_experts_complex_min", label="复杂敏感决策专家论证最少人数", kind="count",
         unit="人", default=7, source=f"{SEED_003_DECISIONS} 第二十三条：涉及面较广、争议较大或者内容特别复杂、敏感的，一般不少于7人",
         min=1, max=50),
    Rule(code="procedures.decision_legality_working_days", label="重大行政决策合法性审查最短时间",
         kind="working_days", unit="个工作日", default=7,
         source=f"{SEED_003_DECISIONS} 第三十六条：合法性审查的时间一般不少于7个工作日", min=1, max=60),
    Rule(code="procedures.decision_filing_natural_days", label="重大行政决策备案期限", kind="natural_days",
         unit="日", default=30, source="议题 20：公布后30日内备案（参照种子文件 002 第三十八条备案期限）",
         min=1, max=90),
    Rule(code="procedures.decision_archive_natural_days", label="重大行政决策材料移送归档期限", kind="natural_days",
         unit="日", default=30, source=f"{SEED_003_DECISIONS} 第四十五条：办结之日起30日内移送相关文件材料",
         min=1, max=90),
    Rule(code="procedures.soe_control_stake_percent", label="担保按控制企业管理的持股比例下限", kind="percent",
         unit="%", default=Decimal("34"), source=f"{SEED_002_SOE} 第十七条：持股比例不低于34%的控制企业",
         min=Decimal("0"), max=Decimal("100")),
    Rule(code="procedures.soe_milestone_working_days", label="融资事项重要阶段报告时限", kind="working_days",
         unit="个工作日", default=10, source=f"{SEED_002_SOE} 第十二条：重要阶段结束10个工作日内报告区国资监管机构",
         min=1, max=60),
    Rule(code="procedures.soe_loss_larger_min_yuan", label="较大资产损失下限", kind="amount_yuan", unit="元",
         default=Decimal("3000000"), source=f"{SEED_002_SOE} 第二十六条：较大资产损失是指300万元以上、3000万元以下",
         min=Decimal("0")),
    Rule(code="procedures.soe_loss_major_min_yuan", label="重大资产损失下限", kind="amount_yuan", unit="元",
         default=Decimal("30000000"), source=f"{SEED_002_SOE} 第二十六条：重大资产损失是指3000万元以上",
         min=Decimal("0")),
    Rule(code="procedures.soe_pay_cut_min_percent", label="扣减绩效年薪比例下限（按损失等级和责任）", kind="mapping",
         unit="%", entry_kind="percent", keys=PAY_CUT_KEYS,
         default={"general.direct": Decimal("0"), "general.leadership": Decimal("0"),
                  "larger.direct": Decimal("50"), "larger.leadership": Decimal("30"),
                  "major.direct": Decimal("100"), "major.leadership": Decimal("70")},
         source=f"{SEED_002_SOE} 第三十三条", min=Decimal("0"), max=Decimal("100")),
    Rule(code="procedures.soe_pay_cut_max_percent", label="扣减绩效年薪比例上限（按损失等级和责任）", kind="mapping",
         unit="%", entry_kind="percent", keys=PAY_CUT_KEYS,
         default={"general.direct": Decimal("50"), "general.leadership": Decimal("30"),
                  "larger.direct": Decimal("100"), "larger.leadership": Decimal("70"),
                  "major.direct": Decimal("100"), "major.leadership": Decimal("100")},
         source=f"{SEED_002_SOE} 第三十三条", min=Decimal("0"), max=Decimal("100")),
    Rule(code="procedures.soe_ban_min_years", label="禁入限制最短年限", kind="count", unit="年", default=5,
         source=f"{SEED_002_SOE} 第三十一条（三）：五年直至终身不得担任国有企业董事、监事、高级管理人员",
         min=1, max=50),
    Rule(code="procedures.soe_promotion_ban_months", label="不得提拔期限（按处理方式）", kind="mapping",
         unit="个月", entry_kind="months",
         keys=(("admonition", "诫勉"), ("transfer", "调离工作岗位"), ("demotion", "降职")),
         default={"admonition": 6, "transfer": 12, "demotion": 24},
         source=f"{SEED_002_SOE} 第三十八条：诫勉六个月、调离一年、降职两年内不得提拔", min=1, max=120),
    Rule(code="procedures.soe_case_limits_working_days", label="责任追究办理时限（工作日）", kind="mapping",
         unit="个工作日", entry_kind="working_days",
         keys=(("preliminary", "初步核实"), ("appeal", "申诉"), ("reexamination", "复核"), ("rectification", "整改报告")),
         default={"preliminary": 30, "appeal": 15, "reexamination": 30, "rectification": 60},
         source=f"{SEED_002_SOE} 第五十九、六十九、七十、七十三条", min=1, max=180),
    Rule(code="procedures.soe_investigation_months", label="责任追究核查时限", kind="months", unit="个月", default=6,
         source=f"{SEED_002_SOE} 第六十六条：核查工作一般应于6个月内完成", min=1, max=24),
):
    declare(_rule)

# 惠企政策 (policies: 公示 before 拨付; program amounts and budgets are rule data on the program itself)
declare(Rule(code="policy.publicity_working_days", label="惠企政策拟奖励对象公示期", kind="working_days",
             unit="个工作日", default=5,
             source="种子文件 002 临兰政发〔2021〕2号 三（三）：确定拟奖励对象并进行为期5个工作日的公示"
                    "（直播电商细则第三十条只规定媒体公示，未定期限，同用此值）",
             scopes=("district", "department"), min=1, max=30))

# 工作台账 (ledger: reminders before a task's deadline)
declare(Rule(code="ledger.reminder_working_days", label="工作台账任务到期前提醒", kind="working_days",
             unit="个工作日", default=5,
             source="issue 21：到期前 N 个工作日提醒（种子未规定 N，按区设定；001 要求 6 月底、9 月底、年底节点推进）",
             scopes=("district", "department"), min=0, max=30))
