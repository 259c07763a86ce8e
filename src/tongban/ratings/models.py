"""好差评 records: the rating (immutable), the case's one-time rating token, and the 整改 ticket."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tongban.audit.models import ChainHead

from .constants import BAD_LEVELS, AppealStatus, Level, RatingChannel, RectificationStatus, SubjectKind


class ImmutableRatingError(RuntimeError):
    """Raised when code tries to change or delete a stored rating."""


class BadRatingCategory(models.Model):
    """差评分类 — what a 差评 was about (态度, 效率, 流程, 材料, 系统 …); a district edits the list in the admin."""

    code = models.CharField("编码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=20)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "差评分类"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """好差评 — one rating of a case, a 12345 ticket (咨询 or other) or the platform; stored once,
    never changed.

    The rated objects (事项, 部门, 窗口, 工作人员) are copied from the subject when it is rated,
    so later changes to the case or the organisation do not move old ratings.
    """

    subject_kind = models.CharField("评价对象", max_length=20, choices=SubjectKind.choices, default=SubjectKind.CASE)
    case = models.ForeignKey("cases.Case", verbose_name="办件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="ratings")
    ticket = models.ForeignKey("hotline.Ticket", verbose_name="12345 工单", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="ratings")
    #: platform ratings: the local month ("2026-10") the rating counts for, one per rater and month
    period = models.CharField("评价月份", max_length=7, blank=True)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评价人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    is_real_name = models.BooleanField("实名评价")
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    comment = models.TextField("评价内容", blank=True)
    tags = models.JSONField("评价标签", default=list, blank=True)
    bad_categories = models.ManyToManyField(BadRatingCategory, verbose_name="差评分类", blank=True,
                                            related_name="ratings")
    channel = models.CharField("评价渠道", max_length=20, choices=RatingChannel.choices)
    item = models.ForeignKey("catalog.ServiceItem", verbose_name="事项", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="部门", on_delete=models.PROTECT,
                                   related_name="+")
    window = models.ForeignKey("accounts.Window", verbose_name="窗口", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="工作人员", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = verbose_name_plural = "好差评"
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_5"),
            models.CheckConstraint(condition=Q(is_real_name=False) | Q(rater__isnull=False),
                                   name="rating_real_name_has_rater"),
            # 一次一评: one rating per case, whichever channel (signed in, 评价码, tablet) came first.
            models.UniqueConstraint(fields=["case"], name="rating_once_per_case"),
            models.UniqueConstraint(fields=["ticket"], name="rating_once_per_ticket"),
            models.UniqueConstraint(fields=["rater", "period"], condition=Q(subject_kind=SubjectKind.PLATFORM),
                                    name="rating_platform_once_a_month"),
            models.CheckConstraint(
                condition=Q(subject_kind=SubjectKind.CASE, case__isnull=False, ticket__isnull=True)
                | Q(subject_kind__in=[SubjectKind.CONSULTATION, SubjectKind.TICKET], ticket__isnull=False,
                    case__isnull=True)
                | Q(subject_kind=SubjectKind.PLATFORM, case__isnull=True, ticket__isnull=True, rater__isnull=False),
                name="rating_subject_matches_kind"),
        ]
        indexes = [
            models.Index(fields=["department", "created_at"], name="rating_department_idx"),
            models.Index(fields=["created_at", "id"], name="rating_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label} {self.get_level_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableRatingError("评价一经提交不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRatingError("评价一经提交不能删除。")

    @property
    def subject_label(self) -> str:
        if self.case_id:
            return self.case.number
        if self.ticket_id:
            return self.ticket.number
        return f"{self.get_subject_kind_display()} {self.period}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class RatingInvitation(models.Model):
    """评价码 — the one-time token printed on the result notice (QR code / hall tablet).

    Created lazily for a closed case; whoever holds it may rate the case once, anonymously.
    """

    case = models.OneToOneField("cases.Case", verbose_name="办件", on_delete=models.PROTECT,
                                related_name="rating_invitation")
    token = models.CharField("评价码", max_length=64, unique=True)
    created_at = models.DateTimeField("生成时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价码"

    def __str__(self) -> str:
        return f"{self.case_id}"


class Rectification(ChainHead):
    """差评整改 — the department fixes what a 差评 found, answers the rater, and is called back.

    open → answered → verified → (回访) closed; an unsatisfied callback reopens once, the
    second escalates to the supervisor's superior. Every change is on the row's audit chain.
    """

    rating = models.OneToOneField(Rating, verbose_name="差评", on_delete=models.PROTECT,
                                  related_name="rectification")
    department = models.ForeignKey("accounts.Department", verbose_name="整改部门", on_delete=models.PROTECT,
                                   related_name="+")
    is_real_name = models.BooleanField("实名差评")
    status = models.CharField("状态", max_length=12, choices=RectificationStatus.choices,
                              default=RectificationStatus.OPEN)
    opened_on = models.DateField("立单日期")
    due_date = models.DateField("整改期限")
    # 整改 and 答复 by the department
    fix_description = models.TextField("整改情况", blank=True)
    answer_to_rater = models.TextField("答复评价人", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_on_time = models.BooleanField("按时答复", null=True, blank=True)
    # 核实 by the hall supervisor
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核实人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verify_note = models.TextField("核实意见", blank=True)
    # 回访
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    callback_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    callback_satisfied = models.BooleanField("回访满意", null=True, blank=True)
    callback_note = models.TextField("回访记录", blank=True)
    unsatisfied_callbacks = models.PositiveSmallIntegerField("不满意回访次数", default=0)
    # 升级督办
    escalated_at = models.DateTimeField("升级时间", null=True, blank=True)
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="升级人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    escalated_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="督办人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "差评整改"
        indexes = [models.Index(fields=["department", "status", "due_date", "id"], name="rectification_queue_idx")]

    def __str__(self) -> str:
        return f"整改 {self.pk}"


class RatingAppeal(ChainHead):
    """申诉复核 — the rated staff ask the centre to set aside a 差评 they consider 误评 or 恶意差评.

    pending → upheld (the rating no longer counts in any rate; its open 整改 is cancelled) or
    rejected (it stays). The rating itself never changes; every step is on this row's chain.
    """

    rating = models.OneToOneField(Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="appeal")
    department = models.ForeignKey("accounts.Department", verbose_name="被评价部门", on_delete=models.PROTECT,
                                   related_name="+")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申诉人", on_delete=models.PROTECT,
                                  related_name="+")
    reason = models.TextField("申诉理由")
    status = models.CharField("状态", max_length=12, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    created_at = models.DateTimeField("申诉时间")
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="复核人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_note = models.TextField("复核意见", blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "差评申诉"
        indexes = [models.Index(fields=["department", "status", "id"], name="rating_appeal_queue_idx")]

    def __str__(self) -> str:
        return f"申诉 {self.pk}"
