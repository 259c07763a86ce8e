"""Which target applies where and when: the rule `metric.<code>.target` of tongban.rules — a
town's own value, else the district's, else the metric's default from the seeds — in force on the
last day of the period measured. A town may be held to more than the district, or to less."""

from datetime import date
from decimal import Decimal

from tongban.accounts.models import Region
from tongban.rules import rule_value
from tongban.rules.registry import metric_target_code

from .registry import Metric


class TargetBook:
    """Targets on one day (rule_value keeps every override in memory: no query per cell)."""

    def __init__(self, on: date):
        self.on = on

    def target(self, metric: Metric, region: Region | None, *, on: date | None = None) -> Decimal | None:
        return rule_value(metric_target_code(metric.code), on=on or self.on, region=region)
