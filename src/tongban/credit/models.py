from django.db import models


class Severity(models.TextChoices):
    GENERAL = "general", "一般失信"
    SERIOUS = "serious", "严重失信"


class RecordKind(models.TextChoices):
    DISHONEST = "dishonest", "失信"
    HONEST = "honest", "守信"


class RecordCategory(models.TextChoices):
    COMMITMENT = "commitment", "告知承诺不实"
    PENALTY = "penalty", "行政处罚"
    DELIVERY = "delivery", "违规交付"
    LICENCE = "licence", "行政许可"
    HONOUR = "honour", "表彰奖励"
    ABNORMAL = "abnormal", "经营异常名录"


class CreditRecord(models.Model):
    """信用记录 — 失信 or 守信, about a person (居民身份证号) or an enterprise (统一社会信用代码).

    A 失信 record counts for the subject's class until it is repaired (信用修复) or removed from a
    list; it is public from `published_at` to `publish_until` (双公示), and the history is kept.
    """

    subject_code = models.CharField("主体代码", max_length=18, db_index=True)
    subject_name = models.CharField("主体名称", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=RecordKind.choices, default=RecordKind.DISHONEST)
    category = models.CharField("类别", max_length=12, choices=RecordCategory.choices,
                                default=RecordCategory.COMMITMENT)
    severity = models.CharField("程度", max_length=10, choices=Severity.choices, blank=True)
    reason = models.TextField("事由")
    source = models.CharField("来源", max_length=100, help_text="如 cases.case:42（告知承诺不实）")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    recorded_at = models.DateTimeField("记录时间")
    publicity_due = models.DateField("公示期限", null=True, blank=True, help_text="双公示：决定之日起的工作日期限")
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    publish_until = models.DateField("公示期止", null=True, blank=True)
    repaired_at = models.DateTimeField("信用修复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信用记录"
        ordering = ["-recorded_at"]


class RepairStatus(models.TextChoices):
    APPLIED = "applied", "待审核"
    REPAIRED = "repaired", "已修复"
    REFUSED = "refused", "不予修复"


class CreditRepair(models.Model):
    """信用修复申请 — the subject applies with evidence; the department reviews within a limit."""

    record = models.ForeignKey(CreditRecord, on_delete=models.PROTECT, related_name="repairs")
    applicant = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField("修复材料与说明")
    status = models.CharField("状态", max_length=10, choices=RepairStatus.choices, default=RepairStatus.APPLIED)
    applied_at = models.DateTimeField("申请时间")
    review_due = models.DateField("审核期限")
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信用修复申请"
        ordering = ["-applied_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["record"], condition=models.Q(status="applied"),
                                               name="credit_repair_one_open")]


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
