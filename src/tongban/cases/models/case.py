from django.conf import settings
from django.db import models

from tongban.audit.models import ChainHead

from ..constants import IN_PROGRESS_STATUSES, ApplicantKind, Channel, Delivery


class Case(ChainHead):
    """办件 — one application, judged by the catalog version it was filed under.

    `row_version` increases with every transition; a transition names the version it saw,
    so of two concurrent clerks one wins and the other is told (409) instead of overwriting.
    The case row also carries the head of its audit chain (ChainHead).
    """

    # PostgreSQL's varchar_pattern_ops twin of this unique index was dropped (cases 0007: no
    # LIKE on numbers); a migration that alters this field would create it again.
    number = models.CharField("办件编号", max_length=50, unique=True)
    item = models.ForeignKey("catalog.ServiceItem", verbose_name="事项", on_delete=models.PROTECT,
                             related_name="cases")
    item_version = models.ForeignKey("catalog.ServiceItemVersion", verbose_name="事项版本",
                                     on_delete=models.PROTECT, related_name="cases")
    workflow = models.ForeignKey("cases.WorkflowDefinition", verbose_name="办理流程",
                                 on_delete=models.PROTECT, related_name="cases")
    # db_index=False where a composite index below leads with the same column (case_queue_idx,
    # case_applicant_idx, case_helper_idx): every index is one more entry each transition's
    # UPDATE writes (it changes status, so it is never a HOT update).
    department = models.ForeignKey("accounts.Department", verbose_name="实施机构",
                                   on_delete=models.PROTECT, related_name="cases", db_index=False)
    region = models.ForeignKey("accounts.Region", verbose_name="办理区划", on_delete=models.PROTECT,
                               related_name="cases")
    status = models.CharField("状态", max_length=30)
    row_version = models.PositiveIntegerField("版本", default=0)
    channel = models.CharField("申办渠道", max_length=10, choices=Channel.choices)
    # 申请人
    applicant_kind = models.CharField("申请人类型", max_length=12, choices=ApplicantKind.choices)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请账号", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="cases", db_index=False)
    applicant_name = models.CharField("申请人", max_length=200)
    applicant_id_number = models.CharField("证件号码", max_length=18, help_text="身份证号或统一社会信用代码")
    applicant_phone = models.CharField("联系电话", max_length=20)
    enterprise = models.ForeignKey("accounts.Enterprise", verbose_name="申请企业", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="cases")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="帮办代办员", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="helped_cases", db_index=False)
    intake_clerk = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="受理人员", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    intake_window = models.ForeignKey("accounts.Window", verbose_name="受理窗口", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    form_data = models.JSONField("申请表", default=dict, blank=True)
    # 时限
    submitted_at = models.DateTimeField("申报时间")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    due_date = models.DateField("办结期限", null=True, blank=True)
    due_date_provisional = models.BooleanField(
        "暂定期限", default=False, help_text="期限跨入尚未发布节假日安排的年份，按周末暂定，发布后重算。"
    )
    is_paused = models.BooleanField("暂停计时", default=False)
    paused_until = models.DateField(
        "暂停计时至", null=True, blank=True,
        help_text="特别程序的最长时限届满日：此后恢复计时，期限按最长时限计算；补正、中止暂停至结束。")
    # 决定与结果
    decision = models.CharField("决定", max_length=20, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_reason = models.TextField("理由", blank=True)
    legal_basis = models.TextField("法律依据", blank=True)
    delivery = models.CharField("送达方式", max_length=12, choices=Delivery.choices, blank=True)
    result_ready_at = models.DateTimeField("出件时间", null=True, blank=True)
    picked_up_at = models.DateTimeField("领取时间", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "办件"
        indexes = [
            # The department queue: open cases of a department, most urgent first (keyset on id).
            models.Index(fields=["department", "status", "due_date", "id"], name="case_queue_idx"),
            # 办理中 across its four states in due-date order: an ordered scan that stops at the
            # page size instead of sorting the department's whole in-progress set.
            models.Index(fields=["department", "due_date", "id"], name="case_in_progress_idx",
                         condition=models.Q(status__in=IN_PROGRESS_STATUSES)),
            models.Index(fields=["applicant", "-id"], name="case_applicant_idx"),
            models.Index(fields=["helper", "-id"], name="case_helper_idx"),
            models.Index(fields=["status", "due_date"], name="case_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.number
