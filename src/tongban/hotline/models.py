from django.conf import settings
from django.db import models

from tongban.audit.models import ChainHead

from .constants import EscalationKind, HandlingLevel, Satisfaction, SupervisionLevel, TicketKind
from .workflow import TICKET_WORKFLOW


class HotlineChannel(models.Model):
    """来源渠道 — 12345 电话, 网上留言, 区长信箱, 办不成事反映窗口 …; a district edits the list in the admin."""

    code = models.CharField("渠道编码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=30)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "12345 来源渠道"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class TicketCategory(models.Model):
    """诉求分类 — a node of the configurable classification tree (e.g. 市场监管 › 食品安全)."""

    code = models.CharField("分类编码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey("self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")

    class Meta:
        verbose_name = verbose_name_plural = "诉求分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Ticket(ChainHead):
    """工单 — one 12345 request (咨询、求助、投诉、举报、建议); its timeline is its audit chain."""

    number = models.CharField("工单编号", max_length=30, unique=True)
    kind = models.CharField("诉求类型", max_length=12, choices=TicketKind.choices)
    category = models.ForeignKey(TicketCategory, verbose_name="诉求分类", on_delete=models.PROTECT,
                                 related_name="tickets")
    channel = models.CharField("来源渠道", max_length=20, help_text="HotlineChannel 的编码")
    caller_name = models.CharField("诉求人姓名", max_length=50)
    caller_phone = models.CharField("联系电话", max_length=20)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="网上提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    content = models.TextField("诉求内容")
    # 企业诉求: filed by or for an enterprise, named by its 统一社会信用代码
    enterprise_uscc = models.CharField("企业统一社会信用代码", max_length=18, blank=True)
    enterprise_name = models.CharField("企业名称", max_length=200, blank=True)
    is_emergency = models.BooleanField("应急工单", default=False)
    handling_level = models.PositiveSmallIntegerField("办理层级", choices=HandlingLevel.choices,
                                                      default=HandlingLevel.DEPARTMENT)
    region = models.ForeignKey("accounts.Region", verbose_name="事发区划", on_delete=models.PROTECT,
                               related_name="+")
    related_case = models.ForeignKey("cases.Case", verbose_name="关联办件", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="承办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=list(TICKET_WORKFLOW.states.items()), default="registered")
    row_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    due_at = models.DateTimeField("办理时限", null=True, blank=True)
    due_at_provisional = models.BooleanField(
        "办理时限暂定", default=False, help_text="时限落入尚未发布节假日安排的年份，发布后重算。")
    due_from = models.DateField("时限起算日", null=True, blank=True, help_text="首次派单的日期（不计入）。")
    due_working_days = models.PositiveSmallIntegerField(
        "时限工作日数", null=True, blank=True, help_text="按类型的办理时限加已批准的延期；应急工单为空（按自然日）。")
    return_count = models.PositiveSmallIntegerField("退单次数", default=0)
    extension_days = models.PositiveSmallIntegerField("申请延期工作日", default=0)
    reply = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    callback_due_at = models.DateTimeField("回访时限", null=True, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    satisfaction = models.CharField("回访满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    reopened_count = models.PositiveSmallIntegerField("重办次数", default=0)
    escalated = models.BooleanField("已督办", default=False)
    supervision_level = models.PositiveSmallIntegerField("督办级别", default=0)  # 0: none
    escalated_at = models.DateTimeField("督办时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_tickets")

    class Meta:
        verbose_name = verbose_name_plural = "12345 工单"
        indexes = [
            models.Index(fields=["department", "status", "id"], name="ticket_queue_idx"),
            models.Index(fields=["status", "due_at"], name="ticket_due_idx"),
            models.Index(fields=["caller_phone", "created_at"], name="ticket_phone_idx"),
            models.Index(fields=["region", "created_at"], name="ticket_region_idx"),
            models.Index(fields=["enterprise_uscc", "created_at"], name="ticket_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_report(self) -> bool:
        return self.kind == TicketKind.REPORT

    @property
    def is_enterprise(self) -> bool:
        return bool(self.enterprise_uscc)

    def callback_overdue(self, now) -> bool:
        """回访超期: answered, not yet called back, and past the callback limit."""
        return self.status == "replied" and self.callback_due_at is not None and now > self.callback_due_at


class TicketReturn(models.Model):
    """退单记录 — who returned a ticket and why; counted per department in the statistics."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="returns")
    department = models.ForeignKey("accounts.Department", verbose_name="退单部门", on_delete=models.PROTECT,
                                   related_name="+")
    reason = models.TextField("退单理由")
    returned_at = models.DateTimeField("退单时间")

    class Meta:
        verbose_name = verbose_name_plural = "退单记录"
        indexes = [models.Index(fields=["department", "returned_at"], name="ticket_return_dept_idx")]


class TicketEscalation(models.Model):
    """督办 / 提级办理 history — one row per step: which level, why, who (none: the overdue job), when."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="escalations")
    kind = models.CharField("类别", max_length=12, choices=EscalationKind.choices)
    level = models.PositiveSmallIntegerField("级别")
    reason = models.TextField("理由")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = verbose_name_plural = "督办与提级记录"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_escalation_idx")]

    @property
    def level_label(self) -> str:
        choices = SupervisionLevel if self.kind == EscalationKind.SUPERVISE else HandlingLevel
        return choices(self.level).label
