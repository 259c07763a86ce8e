"""The aggregate count tables the metrics are read from (docs/metrics.md); targets are rules
(tongban.rules, `metric.<code>.target`).

Each source (cases, ratings, tickets) has one abstract shape and two tables: `Daily…` (one row
per day and dimensions) and `Monthly…` (the same, `day` = the first day of the month), kept
together by the source's consumer in tongban.metrics.aggregation. Counters never go negative.
"""

from django.db import models
from django.db.models import Q

CASE_COUNTERS = ("submitted", "online_submitted", "completed", "completed_electronic", "decided_timed",
                 "decided_on_time")
RATING_COUNTERS = ("ratings", "good", "bad", "real_name_bad", "real_name_bad_rectified")
TICKET_COUNTERS = ("received", "closed", "closed_timed", "closed_on_time", "callbacks", "satisfied")


def _counter(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


def _key(prefix: str, dimensions: list[str]) -> list[models.UniqueConstraint]:
    """One row per day and dimensions: the consumer's upsert relies on it."""
    return [models.UniqueConstraint(fields=["day", *dimensions], name=f"{prefix}_count_key")]


def _reading_indexes(prefix: str) -> list[models.Index]:
    """The dashboard filters by department or by region (subtree), then by a period."""
    return [models.Index(fields=["department", "day"], name=f"{prefix}_dept_day_idx"),
            models.Index(fields=["region", "day"], name=f"{prefix}_region_day_idx")]


class CaseCounts(models.Model):
    """办件统计 — `submitted…` count cases by the day they were submitted, `completed…` by the
    day they completed (已办结, a later 撤销 does not undo it), `decided…` by the day of the
    decision (准予 / 不予), judged against the due date then."""

    day = models.DateField("日期")
    region = models.ForeignKey("accounts.Region", verbose_name="办理区划", on_delete=models.PROTECT,
                               related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="实施机构", on_delete=models.PROTECT,
                                   related_name="+")
    item = models.ForeignKey("catalog.ServiceItem", verbose_name="事项", on_delete=models.PROTECT,
                             related_name="+")
    channel = models.CharField("申办渠道", max_length=10)
    submitted = _counter("申报件数")
    online_submitted = _counter("网上申报件数")
    completed = _counter("办结件数")
    completed_electronic = _counter("网上申报且电子送达的办结件数")
    decided_timed = _counter("有期限的决定件数")
    decided_on_time = _counter("按期决定件数")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.item_id}/{self.channel}"


class DailyCaseCount(CaseCounts):
    class Meta:
        verbose_name = verbose_name_plural = "办件日统计"
        # the original names (0001) of the daily table's key and indexes
        constraints = [models.UniqueConstraint(fields=["day", "department", "region", "item", "channel"],
                                               name="daily_case_count_key")]
        indexes = [models.Index(fields=["department", "day"], name="daily_case_dept_day_idx"),
                   models.Index(fields=["region", "day"], name="daily_case_region_day_idx")]


class MonthlyCaseCount(CaseCounts):
    day = models.DateField("月份", help_text="当月第一天")

    class Meta:
        verbose_name = verbose_name_plural = "办件月统计"
        constraints = _key("monthly_case", ["region", "department", "item", "channel"])
        indexes = _reading_indexes("monthly_case")


class RatingCounts(models.Model):
    """好差评统计 — by the day the rating was made; region is the rated case's, channel the
    rating's. `real_name_bad_rectified` counts a real-name 差评 whose 整改 is 已核实 or 已办结
    (on the rating's day); a reopen or escalation takes it off again."""

    day = models.DateField("日期")
    region = models.ForeignKey("accounts.Region", verbose_name="办理区划", on_delete=models.PROTECT,
                               related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="部门", on_delete=models.PROTECT,
                                   related_name="+")
    item = models.ForeignKey("catalog.ServiceItem", verbose_name="事项", on_delete=models.PROTECT,
                             related_name="+")
    channel = models.CharField("评价渠道", max_length=20)
    ratings = _counter("评价数")
    good = _counter("好评数")
    bad = _counter("差评数")
    real_name_bad = _counter("实名差评数")
    real_name_bad_rectified = _counter("实名差评已整改数")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.item_id}/{self.channel}"


class DailyRatingCount(RatingCounts):
    class Meta:
        verbose_name = verbose_name_plural = "好差评日统计"
        constraints = _key("daily_rating", ["region", "department", "item", "channel"])
        indexes = _reading_indexes("daily_rating")


class MonthlyRatingCount(RatingCounts):
    day = models.DateField("月份", help_text="当月第一天")

    class Meta:
        verbose_name = verbose_name_plural = "好差评月统计"
        constraints = _key("monthly_rating", ["region", "department", "item", "channel"])
        indexes = _reading_indexes("monthly_rating")


def _ticket_key(prefix: str) -> list[models.UniqueConstraint]:
    """A ticket may have no department (not dispatched yet, returned, merged, answered by the
    centre): NULL is a value of the key, so the key is two partial unique constraints (a plain
    one would let NULL rows repeat, on SQLite and PostgreSQL alike)."""
    return [
        models.UniqueConstraint(fields=["day", "region", "department", "channel"], name=f"{prefix}_count_key",
                                condition=Q(department__isnull=False)),
        models.UniqueConstraint(fields=["day", "region", "channel"], name=f"{prefix}_count_key_nodept",
                                condition=Q(department__isnull=True)),
    ]


class TicketCounts(models.Model):
    """12345 工单统计 — `received` by the day registered; the closing counters by the day closed
    (closed_timed: it had a due time; closed_on_time: closed_at ≤ due_at). `callbacks` and
    `satisfied` count 回访 events by the day of the callback: an unsatisfied callback reopens the
    ticket, so one ticket can be called back more than once. Department is the ticket's current one."""

    day = models.DateField("日期")
    region = models.ForeignKey("accounts.Region", verbose_name="事发区划", on_delete=models.PROTECT,
                               related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="承办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("来源渠道", max_length=20)
    received = _counter("受理工单数")
    closed = _counter("办结工单数")
    closed_timed = _counter("有办理时限的办结工单数")
    closed_on_time = _counter("按时办结工单数")
    callbacks = _counter("回访次数")
    satisfied = _counter("回访满意次数")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.region_id}/{self.department_id}/{self.channel}"


class DailyTicketCount(TicketCounts):
    class Meta:
        verbose_name = verbose_name_plural = "12345 工单日统计"
        constraints = _ticket_key("daily_ticket")
        indexes = _reading_indexes("daily_ticket")


class MonthlyTicketCount(TicketCounts):
    day = models.DateField("月份", help_text="当月第一天")

    class Meta:
        verbose_name = verbose_name_plural = "12345 工单月统计"
        constraints = _ticket_key("monthly_ticket")
        indexes = _reading_indexes("monthly_ticket")


class MetricsUpdate(models.Model):
    """When a source's consumer last ran to the end of the settled log (manage.py update_metrics,
    every few minutes under run_scheduler): the dashboards' 数据更新于."""

    source = models.CharField("数据来源", max_length=20, primary_key=True)
    ran_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "指标更新记录"

    def __str__(self) -> str:
        return f"{self.source} {self.ran_at:%Y-%m-%d %H:%M}"
