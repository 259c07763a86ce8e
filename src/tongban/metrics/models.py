from django.db import models

COUNTERS = ("submitted", "online_submitted", "completed", "completed_timed", "completed_on_time")
KEY = ("day", "department_id", "region_id", "item_id", "channel")


class DailyCaseCount(models.Model):
    """办件日统计 — what the metrics are read from, kept up to date by metrics.aggregation.

    One row per day, department, region, item and channel. `submitted` counts cases by the
    day they were submitted; the `completed*` counters count cases by the day they completed.
    """

    day = models.DateField("日期")
    department = models.ForeignKey("accounts.Department", verbose_name="实施机构", on_delete=models.PROTECT,
                                   related_name="+")
    region = models.ForeignKey("accounts.Region", verbose_name="办理区划", on_delete=models.PROTECT,
                               related_name="+")
    item = models.ForeignKey("catalog.ServiceItem", verbose_name="事项", on_delete=models.PROTECT,
                             related_name="+")
    channel = models.CharField("申办渠道", max_length=10)
    submitted = models.PositiveIntegerField("申报件数", default=0)
    online_submitted = models.PositiveIntegerField("网上申报件数", default=0)
    completed = models.PositiveIntegerField("办结件数", default=0)
    completed_timed = models.PositiveIntegerField("有期限的办结件数", default=0)
    completed_on_time = models.PositiveIntegerField("按时办结件数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "办件日统计"
        constraints = [
            models.UniqueConstraint(fields=["day", "department", "region", "item", "channel"],
                                    name="daily_case_count_key"),
        ]
        indexes = [
            models.Index(fields=["department", "day"], name="daily_case_dept_day_idx"),
            models.Index(fields=["region", "day"], name="daily_case_region_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.item_id}/{self.channel}"
