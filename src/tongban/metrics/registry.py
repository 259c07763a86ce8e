"""The metrics (DOMAIN.md §10): each one stated precisely, with its target beside it (pure Python).

A metric is the ratio of two counters of one source (docs/metrics.md): the aggregate tables of
cases, ratings and 12345 tickets, or — as they stand today — the published catalog and the
halls' windows. Percentages come
from tongban.core.rates.percent (one decimal, cut; None — shown "—" — when there is nothing to
measure). Default targets are the seeds'; each is the rule `metric.<code>.target` of tongban.rules,
which a district or town sets for itself from a date on (metrics.targets reads it).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tongban.core.rates import percent

Source = Literal["cases", "ratings", "tickets", "catalog", "windows"]
# What each source can be broken down by; the catalog and the windows are snapshots, so they
# have no period either (a 综合窗口 belongs to no department).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "cases": ("region", "department", "item", "channel"),
    "ratings": ("region", "department", "item", "channel"),
    "tickets": ("region", "department", "channel"),
    "catalog": ("region", "department", "item"),
    "windows": ("region",),
}
PERIODIC_SOURCES = ("cases", "ratings", "tickets")


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    source: Source
    numerator: str  # what is counted, in words
    denominator: str
    scope: str  # which records, and how they are attributed
    period: str  # which date puts a record into a period
    target: Decimal | None  # default target in percent; None: no target set anywhere yet
    basis: str  # where the target comes from
    numerator_field: str
    denominator_field: str
    direction: Literal[">=", "<="] = ">="
    theme: str = ""  # only items of this catalog theme (e.g. 企业开办)
    name_contains: str = ""  # and of those, only items whose name says this (e.g. 设立登记)
    assumption: str = ""

    def value(self, counts: dict[str, int]) -> Decimal | None:
        return percent(counts.get(self.numerator_field, 0), counts.get(self.denominator_field, 0))

    def meets(self, value: Decimal | None, target: Decimal | None) -> bool | None:
        """True/False against the target; None when there is nothing to measure or no target."""
        if value is None or target is None:
            return None
        return value >= target if self.direction == ">=" else value <= target

    @property
    def dimensions(self) -> tuple[str, ...]:
        return DIMENSIONS[self.source]

    @property
    def is_snapshot(self) -> bool:
        return self.source not in PERIODIC_SOURCES


def target_label(metric: Metric, target: Decimal | None) -> str:
    if target is None:
        return "未设目标"
    return f"{'≥' if metric.direction == '>=' else '≤'}{target}%"


CASE_SCOPE = "按办件的实施机构、办理区划、事项与申办渠道归属"
CATALOG_SCOPE = ("已发布、未取消的实施清单事项中的依申请事项（事项类型标为“依申请”：行政许可、行政确认、行政裁决、"
                 "行政给付、行政奖励、其他行政权力、公共服务），按实施机构与实施区划归属")
SNAPSHOT_PERIOD = "当前状态（快照，不分期间）"
SEED_000 = "种子文件 000（临兰政发〔2022〕6号）"
SEED_001 = "种子文件 001（山政发〔2021〕7号）"
RATING_SCOPE = "按被评办件的实施机构、办理区划、事项与评价渠道归属"
TICKET_SCOPE = "按承办部门、诉求区划与来源渠道归属；尚未派单或由热线中心直接答复的工单计入“未归属”"

METRICS: tuple[Metric, ...] = (
    Metric(
        code="one_window_rate", name="一窗受理通办比例", source="catalog",
        numerator="纳入综合窗口受理（任一综合窗口无差别受理）的依申请事项数",
        denominator="依申请事项数",
        scope=CATALOG_SCOPE, period=SNAPSHOT_PERIOD,
        target=Decimal("95"), basis=f"{SEED_000}第8条：2022年12月底前，“一窗受理”窗口事项通办比例不低于95%",
        numerator_field="general_window", denominator_field="applied",
        assumption="按事项计算（种子原文为“窗口事项通办比例”），不按办件计算；清单未标注哪些事项进驻大厅，"
                   "故以全部依申请事项为窗口事项。",
    ),
    Metric(
        code="online_rate", name="网上申办率", source="cases",
        numerator="经网上申办（网站）或掌上办（移动端）提交的办件数",
        denominator="全部渠道提交的办件数（网上、掌上、综合窗口、自助终端、帮办代办）",
        scope=CASE_SCOPE, period="申报时间（北京时间）所在的日期",
        target=Decimal("70"), basis=f"{SEED_000}第8条：2022年12月底前，各级政务服务事项网上申办率达到70%以上",
        numerator_field="online_submitted", denominator_field="submitted",
    ),
    Metric(
        code="on_time_rate", name="按时办结率", source="cases",
        numerator="决定（准予或不予）日期（北京时间）不晚于办结期限的办件数",
        denominator="有办结期限的决定（准予或不予）件数；不予受理、撤回、终止不是对申请的决定，不计入",
        scope=CASE_SCOPE, period="决定时间（北京时间）所在的日期",
        target=Decimal("95"), basis="默认值，种子未设按时办结率目标（000 第12条仅要求限时办结）；待各地考核方案确认",
        numerator_field="decided_on_time", denominator_field="decided_timed",
        assumption="在决定时判断，不在领取或送达时判断（与办件卡片的“按时办结/超期办结”一致）。"
                   "即办件的期限是受理当日（非工作日受理的，为下一个工作日），当场办结即为按时。",
    ),
    Metric(
        code="startup_electronic_rate", name="企业开办全程电子化率", source="cases",
        numerator="经网上或掌上申报、且以电子方式送达结果的企业设立登记办结件数",
        denominator="企业设立登记的办结件数",
        scope=f"{CASE_SCOPE}；仅“企业开办”主题中名称含“设立登记”的事项（印章刻制、涉税办理等其他开办环节不计）",
        period="办结时间（北京时间）所在的日期",
        target=Decimal("99"),
        basis="DOMAIN.md §3 所列目标：企业开办全程电子化率 ≥99%（议题 12 称出自“种子文件 004 一（一）”；"
              "seeds/ 仅有 000–003，均无此数，待补原文）",
        numerator_field="completed_electronic", denominator_field="completed", theme="business-startup",
        name_contains="设立登记",
    ),
    Metric(
        code="online_capable_rate", name="可网办率", source="catalog",
        numerator="标注“可网办”的依申请事项数", denominator="依申请事项数",
        scope=CATALOG_SCOPE, period=SNAPSHOT_PERIOD,
        target=Decimal("95"),
        basis=f"{SEED_001}附件 十四、3：9月底前，实现依申请政务服务事项可网办率达到95%以上",
        numerator_field="online", denominator_field="applied",
    ),
    Metric(
        code="fully_online_rate", name="全程网办率", source="catalog",
        numerator="标注“全程网办”的依申请事项数", denominator="依申请事项数",
        scope=CATALOG_SCOPE, period=SNAPSHOT_PERIOD,
        target=Decimal("80"),
        basis=f"{SEED_001}附件 十四、3：可全程网办率达到80%以上（另有地方要求 85%，可按区划设置）",
        numerator_field="fully_online", denominator_field="applied",
    ),
    Metric(
        code="general_window_rate", name="综合窗口比例", source="windows",
        numerator="开放的综合窗口数",
        denominator="开放的受理窗口数（综合窗口、部门专窗、通办专窗；办不成事反映窗口与24小时自助区不受理申请，不计入）",
        scope="各服务场所（政务服务中心、为民服务中心、为民服务站）的窗口，按场所所在区划归属",
        period=SNAPSHOT_PERIOD,
        target=Decimal("80"),
        basis=f"{SEED_001}附件 十四、10：持续推进政务服务中心综合窗口设置，综合窗口比例达到80%以上",
        numerator_field="general", denominator_field="intake",
        assumption="按窗口数计算：通办专窗只受理通办事项，属专窗，不是综合窗口。",
    ),
    Metric(
        code="proof_free_rate", name="免证办事项比例", source="catalog",
        numerator="全部必要材料在受理时均无需申请人上传（由共享数据获取或以告知承诺替代）的依申请事项数",
        denominator="有必要材料的依申请事项数",
        scope=CATALOG_SCOPE, period=SNAPSHOT_PERIOD,
        target=Decimal("80"),
        basis=f"{SEED_000}第15条：2022年12月底前，实现80%以上政务服务事项证明材料免提交",
        numerator_field="proof_free", denominator_field="with_materials",
        assumption="只计受理时真正免提交的材料（与申报预审一致）：可由电子证照替代的材料，在电子证照库接入、"
                   "受理时能调取之前仍须上传，不算免提交。清单未区分“证明材料”与申请表，按全部必要材料计算，结果偏保守。",
    ),
    Metric(
        code="rectified_rate", name="实名差评整改率", source="ratings",
        numerator="已整改（核实通过或办结）的实名差评数", denominator="实名差评数",
        scope=RATING_SCOPE, period="评价时间（北京时间）所在的日期",
        target=Decimal("100"), basis=f"{SEED_000}第12条：实名差评实现100%整改",
        numerator_field="real_name_bad_rectified", denominator_field="real_name_bad",
    ),
    Metric(
        code="good_rate", name="好评率", source="ratings",
        numerator="“非常满意”“满意”的评价数", denominator="评价总数",
        scope=RATING_SCOPE, period="评价时间（北京时间）所在的日期",
        target=None, basis="种子文件未设目标；各地可按区划设置",
        numerator_field="good", denominator_field="ratings",
    ),
    Metric(
        code="ticket_on_time_rate", name="12345 工单按时办结率", source="tickets",
        numerator="办结时间不晚于办理时限的工单数",
        denominator="有办理时限的办结工单数",
        scope=TICKET_SCOPE, period="办结时间（北京时间）所在的日期",
        target=Decimal("95"), basis="默认值，种子未设目标；待各地考核方案确认",
        numerator_field="closed_on_time", denominator_field="closed_timed",
        assumption="办理时限是首次派单时定下的时限：改派、重办不重新起算，只有批准的延期才顺延。",
    ),
    Metric(
        code="ticket_satisfied_rate", name="12345 回访满意率", source="tickets",
        numerator="回访满意次数", denominator="回访次数（不满意重办后再次回访另计一次）",
        scope=TICKET_SCOPE, period="回访时间（北京时间）所在的日期",
        target=None, basis="种子文件未设目标；各地可按区划设置",
        numerator_field="satisfied", denominator_field="callbacks",
    ),
)
BY_CODE = {metric.code: metric for metric in METRICS}
