"""The metrics (DOMAIN.md §10): each one stated precisely, with its target beside it (pure Python).

A metric is the ratio of two counters of one source (docs/metrics.md): the aggregate tables of
cases, ratings and 12345 tickets, or the published catalog as it stands today. Percentages come
from tongban.core.rates.percent (one decimal, cut; None — shown "—" — when there is nothing to
measure). Default targets are the seeds'; each is the rule `metric.<code>.target` of tongban.rules,
which a district or town sets for itself from a date on (metrics.targets reads it).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tongban.core.rates import percent

Source = Literal["cases", "ratings", "tickets", "catalog"]
# What each source can be broken down by; the catalog is a snapshot, so it has no period either.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "cases": ("region", "department", "item", "channel"),
    "ratings": ("region", "department", "item", "channel"),
    "tickets": ("region", "department", "channel"),
    "catalog": ("region", "department", "item"),
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
CATALOG_SCOPE = "已发布、未取消的实施清单事项，按实施机构与实施区划归属"
CATALOG_PERIOD = "当前发布状态（快照，不分期间）"
SEED_000 = "兰山区“一网通办”实施方案（种子文件 000）"
SEED_001 = "优化营商环境工作要点（种子文件 001）"

METRICS: tuple[Metric, ...] = (
    Metric(
        code="one_window_rate", name="一窗受理通办比例", source="cases",
        numerator="在综合窗口（含通办专窗）受理的窗口申报件数",
        denominator="经政务服务大厅窗口申报的办件数（综合窗口、部门专窗、通办专窗）",
        scope=CASE_SCOPE, period="申报时间（北京时间）所在的日期",
        target=Decimal("95"), basis=f"{SEED_000}第 8 条：“一窗受理”窗口事项通办比例不低于 95%",
        numerator_field="general_window_submitted", denominator_field="window_submitted",
        assumption="假设：按办件计算（窗口申报件中由综合窗口受理的比例），而非按事项清单计算。",
    ),
    Metric(
        code="online_rate", name="网上申办率", source="cases",
        numerator="经网上申办（网站）或掌上办（移动端）提交的办件数",
        denominator="全部渠道提交的办件数（网上、掌上、综合窗口、自助终端、帮办代办）",
        scope=CASE_SCOPE, period="申报时间（北京时间）所在的日期",
        target=Decimal("70"), basis=f"{SEED_000}第 8 条：网上申办率达到 70% 以上",
        numerator_field="online_submitted", denominator_field="submitted",
    ),
    Metric(
        code="on_time_rate", name="按时办结率", source="cases",
        numerator="办结日期（北京时间）不晚于办结期限的办结件数",
        denominator="有办结期限的办结件数（即办件、不予受理件无期限，不计入）",
        scope=CASE_SCOPE, period="办结时间（北京时间）所在的日期",
        target=Decimal("95"), basis="默认值，待各地考核方案确认",
        numerator_field="completed_on_time", denominator_field="completed_timed",
        assumption="假设：“办结”指状态到达“已办结”（送达或领取），其后被撤销的仍按当时办结计；"
                   "撤回、终止、不予受理不是办结。",
    ),
    Metric(
        code="startup_electronic_rate", name="企业开办全程电子化率", source="cases",
        numerator="经网上或掌上申报、且以电子方式送达结果的企业开办办结件数",
        denominator="企业开办主题事项的办结件数",
        scope=f"{CASE_SCOPE}；仅“企业开办”主题的事项", period="办结时间（北京时间）所在的日期",
        target=Decimal("99"), basis="议题所列目标：企业开办全程电子化率 ≥ 99%",
        numerator_field="completed_electronic", denominator_field="completed", theme="business-startup",
    ),
    Metric(
        code="online_capable_rate", name="可网办率", source="catalog",
        numerator="标注“可网办”的事项数", denominator="事项总数",
        scope=CATALOG_SCOPE, period=CATALOG_PERIOD,
        target=Decimal("95"), basis=f"{SEED_001}：依申请政务服务事项可网办率达到 95% 以上",
        numerator_field="online", denominator_field="items",
    ),
    Metric(
        code="fully_online_rate", name="全程网办率", source="catalog",
        numerator="标注“全程网办”的事项数", denominator="事项总数",
        scope=CATALOG_SCOPE, period=CATALOG_PERIOD,
        target=Decimal("80"), basis=f"{SEED_001}：可全程网办率达到 80% 以上（另有地方要求 85%，可按区划设置）",
        numerator_field="fully_online", denominator_field="items",
    ),
    Metric(
        code="general_window_rate", name="一窗受理覆盖率", source="catalog",
        numerator="纳入综合窗口受理的事项数", denominator="事项总数",
        scope=CATALOG_SCOPE, period=CATALOG_PERIOD,
        target=Decimal("80"), basis=f"{SEED_001}：综合窗口比例达到 80% 以上",
        numerator_field="general_window", denominator_field="items",
        assumption="假设：“综合窗口比例”按纳入综合窗口受理的事项占比计算。",
    ),
    Metric(
        code="proof_free_rate", name="免证办事项比例", source="catalog",
        numerator="全部必要材料均可免提交（电子证照、共享数据或告知承诺替代）的事项数",
        denominator="有必要材料的事项数",
        scope=CATALOG_SCOPE, period=CATALOG_PERIOD,
        target=Decimal("80"), basis=f"{SEED_000}第 15 条：80% 以上政务服务事项证明材料免提交",
        numerator_field="proof_free", denominator_field="with_materials",
        assumption="假设：清单未区分“证明材料”与申请表，按全部必要材料计算，结果偏保守。",
    ),
    Metric(
        code="rectified_rate", name="实名差评整改率", source="ratings",
        numerator="已整改（核实通过或办结）的实名差评数", denominator="实名差评数",
        scope="按被评办件的实施机构、办理区划、事项与评价渠道归属", period="评价时间（北京时间）所在的日期",
        target=Decimal("100"), basis=f"{SEED_000}第 12 条：实名差评实现 100% 整改",
        numerator_field="real_name_bad_rectified", denominator_field="real_name_bad",
    ),
    Metric(
        code="good_rate", name="好评率", source="ratings",
        numerator="“非常满意”“满意”的评价数", denominator="评价总数",
        scope="按被评办件的实施机构、办理区划、事项与评价渠道归属", period="评价时间（北京时间）所在的日期",
        target=None, basis="种子文件未设目标；各地可按区划设置",
        numerator_field="good", denominator_field="ratings",
    ),
    Metric(
        code="ticket_on_time_rate", name="12345 工单按时办结率", source="tickets",
        numerator="办结时间不晚于办理时限的工单数", denominator="有办理时限的办结工单数",
        scope="按承办部门、诉求区划与来源渠道归属", period="办结时间（北京时间）所在的日期",
        target=Decimal("95"), basis="默认值，待各地考核方案确认",
        numerator_field="closed_on_time", denominator_field="closed_timed",
    ),
    Metric(
        code="ticket_satisfied_rate", name="12345 回访满意率", source="tickets",
        numerator="回访满意次数", denominator="回访次数（不满意重办后再次回访另计一次）",
        scope="按承办部门、诉求区划与来源渠道归属", period="回访时间（北京时间）所在的日期",
        target=None, basis="种子文件未设目标；各地可按区划设置",
        numerator_field="satisfied", denominator_field="callbacks",
    ),
)
BY_CODE = {metric.code: metric for metric in METRICS}
