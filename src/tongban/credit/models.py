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


class CreditClass(models.TextChoices):
    """公共信用综合评价等级 (鲁发改信用〔2020〕808号: A/B/C/D)."""

    A = "A", "A级（诚信）"
    B = "B", "B级（良好）"
    C = "C", "C级（警示）"
    D = "D", "D级（失信）"


class SubjectKind(models.TextChoices):
    PERSON = "person", "自然人"
    ENTERPRISE = "enterprise", "企业及其他组织"


class CreditRating(models.Model):
    """信用等级 of one subject for a period, as the public credit platform published it.

    An enterprise is keyed by its 统一社会信用代码; a person by a keyed hash of the 居民身份证号
    (services.subject_key), so the table holds no personal number in the clear.
    """

    subject_kind = models.CharField("主体类型", max_length=10, choices=SubjectKind.choices)
    subject_key = models.CharField("主体标识", max_length=64,
                                   help_text="企业为统一社会信用代码；自然人为身份证号的密钥散列")
    subject_name = models.CharField("主体名称", max_length=200, blank=True)
    credit_class = models.CharField("信用等级", max_length=1, choices=CreditClass.choices)
    source = models.CharField("来源", max_length=200, help_text="如 山东省公共信用信息平台（综合评价）")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止", null=True, blank=True, help_text="留空为长期有效，直至新的评价结果")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "信用等级"
        ordering = ["subject_key", "-valid_from"]
        indexes = [models.Index(fields=["subject_key", "valid_from"], name="credit_rating_subject_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(valid_to__isnull=True)
                                              | models.Q(valid_to__gte=models.F("valid_from")),
                                              name="credit_rating_validity_order")]
