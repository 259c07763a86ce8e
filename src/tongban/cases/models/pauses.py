from django.db import models

from ..constants import PauseKind


class CasePause(models.Model):
    """暂停计时 — a 补正 or 特别程序 interval excluded from the time limit."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类型", max_length=12, choices=PauseKind.choices)
    procedure = models.CharField("特别程序种类", max_length=20, blank=True)
    max_duration = models.PositiveIntegerField("最长时限", null=True, blank=True)
    unit = models.CharField("时限单位", max_length=10, blank=True)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    reason = models.TextField("事由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "暂停计时"
        ordering = ["case", "started_on", "id"]
