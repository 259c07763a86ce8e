from django.db import models


class Severity(models.TextChoices):
    GENERAL = "general", "一般失信"
    SERIOUS = "serious", "严重失信"


class CreditRecord(models.Model):
    """失信记录 — about a person (居民身份证号) or an enterprise (统一社会信用代码)."""

    subject_code = models.CharField("主体代码", max_length=18, db_index=True)
    subject_name = models.CharField("主体名称", max_length=200)
    severity = models.CharField("程度", max_length=10, choices=Severity.choices)
    reason = models.TextField("事由")
    source = models.CharField("来源", max_length=100, help_text="如 cases.case:42（告知承诺不实）")
    recorded_at = models.DateTimeField("记录时间")
    repaired_at = models.DateTimeField("信用修复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "失信记录"
        ordering = ["-recorded_at"]
