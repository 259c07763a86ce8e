"""Which target applies where: a region's own MetricTarget, else its nearest ancestor's, else the
metric's default from the seeds. A town may be held to more than the district, or to less."""

from decimal import Decimal

from tongban.accounts.models import Region

from .models import MetricTarget
from .registry import Metric


class TargetBook:
    """Every configured target, read once (the table holds a few rows per metric)."""

    def __init__(self):
        self.targets = {(code, region_code): target for code, region_code, target in
                        MetricTarget.objects.values_list("metric_code", "region__code", "target")}

    def target(self, metric: Metric, region: Region | None) -> Decimal | None:
        if region is not None:
            codes = [code for code in region.path.split("/") if code]
            for code in reversed(codes):  # the region itself first, then upwards
                if (metric.code, code) in self.targets:
                    return self.targets[(metric.code, code)]
        return metric.target
