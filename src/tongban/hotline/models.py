from django.conf import settings
from django.db import models

from tongban.audit.models import ChainHead

from .constants import Satisfaction, TicketChannel, TicketKind
from .workflow import STATES


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
    channel = models.CharField("来源渠道", max_length=20, choices=TicketChannel.choices)
    caller_name = models.CharField("诉求人姓名", max_length=50)
    caller_phone = models.CharField("联系电话", max_length=20)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="网上提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    content = models.TextField("诉求内容")
    region = models.ForeignKey("accounts.Region", verbose_name="事发区划", on_delete=models.PROTECT,
                               related_name="+")
    related_case = models.ForeignKey("cases.Case", verbose_name="关联办件", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="承办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=list(STATES.items()), default="registered")
    row_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    due_at = models.DateTimeField("办理时限", null=True, blank=True)
    return_count = models.PositiveSmallIntegerField("退单次数", default=0)
    extension_days = models.PositiveSmallIntegerField("申请延期工作日", default=0)
    reply = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    satisfaction = models.CharField("回访满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    reopened_count = models.PositiveSmallIntegerField("重办次数", default=0)
    escalated = models.BooleanField("已督办", default=False)
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
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_report(self) -> bool:
        return self.kind == TicketKind.REPORT


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
