"""The metrics (DOMAIN.md §10): each one stated precisely, with its target beside it (pure Python).

A metric is a ratio of two counters of `DailyCaseCount`, summed over the period and scope asked
for. Percentages come from tongban.core.rates.percent (one decimal, cut; "—" when empty).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from tongban.core.rates import percent

ONLINE_CHANNELS = ("online", "mobile")
# Statuses that mean "办结" for the metrics: a decision was delivered or picked up. A later
# 撤销 (revoked) does not undo that the case was completed when it was.
COMPLETED_STATUSES = ("completed", "revoked")


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    numerator: str  # what is counted, in words
    denominator: str
    scope: str  # which cases, and how they are attributed
    period: str  # which date puts a case into a period
    target: Decimal  # default target, in percent
    direction: Literal[">=", "<="]
    numerator_field: str = ""  # DailyCaseCount counters; empty = defined but not computed yet
    denominator_field: str = ""
    assumption: str = ""

    @property
    def computed(self) -> bool:
        return bool(self.numerator_field and self.denominator_field)

    def value(self, counts: dict[str, int]) -> Decimal | None:
        if not self.computed:
            return None
        return percent(counts.get(self.numerator_field, 0), counts.get(self.denominator_field, 0))

    def meets(self, value: Decimal | None) -> bool | None:
        """True/False against the target; None when there is nothing to measure."""
        if value is None:
            return None
        return value >= self.target if self.direction == ">=" else value <= self.target

    @property
    def target_label(self) -> str:
        return f"{'≥' if self.direction == '>=' else '≤'}{self.target}%"


ONLINE_RATE = Metric(
    code="online_rate", name="网上申办率",
    numerator="经网上申办（网站）或掌上办（移动端）提交的办件数",
    denominator="全部渠道提交的办件数（网上、掌上、综合窗口、自助终端、帮办代办）",
    scope="按办件的实施机构、办理区划、事项与申办渠道归属",
    period="申报时间（北京时间）所在的日期",
    target=Decimal("70"), direction=">=",
    numerator_field="online_submitted", denominator_field="submitted",
)

ON_TIME_RATE = Metric(
    code="on_time_rate", name="按时办结率",
    numerator="办结日期（北京时间）不晚于办结期限的办结件数",
    denominator="有办结期限的办结件数（即办件、不予受理件无期限，不计入）",
    scope="按办件的实施机构、办理区划、事项与申办渠道归属",
    period="办结时间（北京时间）所在的日期",
    target=Decimal("95"), direction=">=",
    numerator_field="completed_on_time", denominator_field="completed_timed",
    assumption="假设：“办结”指状态到达“已办结”（送达或领取），其后被撤销的仍按当时办结计；"
               "撤回、终止、不予受理不是办结。目标 95% 为默认值，待各地考核方案确认。",
)

ONE_WINDOW_RATE = Metric(
    code="one_window_rate", name="一窗受理率",
    numerator="由综合窗口受理人员受理的办件数，加上网上、掌上提交后受理的办件数",
    denominator="全部受理的办件数",
    scope="按办件的实施机构、办理区划、事项与申办渠道归属",
    period="受理日期所在的日期",
    target=Decimal("90"), direction=">=",
    assumption="定义为简化口径，尚未计算：需要按受理动作累计“受理件数”与“受理人员”，"
               "历史迁移的办件没有受理人员记录。",
)

METRICS: tuple[Metric, ...] = (ONLINE_RATE, ON_TIME_RATE, ONE_WINDOW_RATE)
BY_CODE = {metric.code: metric for metric in METRICS}
