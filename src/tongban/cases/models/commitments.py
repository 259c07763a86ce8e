from django.conf import settings
from django.db import models

from ..constants import CommitmentKind, CommitmentStatus


class Commitment(models.Model):
    """承诺 — 容缺 (deliver listed materials by a date) or 告知承诺 (a promise replacing proofs).

    A 告知承诺 is verified later (核查); a broken one revokes the result and writes a 失信 record.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField("类型", max_length=14, choices=CommitmentKind.choices)
    text = models.TextField("承诺内容", help_text="告知承诺：签署时所发布承诺书的承诺内容原文；容缺：补交材料的承诺")
    liability = models.TextField("违反承诺的法律责任", blank=True, help_text="告知承诺：签署时承诺书所载原文")
    template_version = models.ForeignKey(
        "catalog.ServiceItemVersion", verbose_name="承诺书所属指南版本", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text="告知承诺：申请人签署的是该版本办事指南发布的承诺书")
    materials = models.JSONField("涉及材料", default=list)
    signed_name = models.CharField("承诺人", max_length=200)
    signed_at = models.DateTimeField("签署时间")
    due_date = models.DateField("期限")
    consequence = models.CharField("逾期后果", max_length=12, blank=True,
                                   help_text="容缺逾期：suspend 中止 / terminate 终止")
    status = models.CharField("状态", max_length=10, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.PENDING)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolution_note = models.TextField(blank=True)
    verification_overdue_at = models.DateTimeField(
        "核查逾期标记时间", null=True, blank=True, help_text="每日作业发现核查期限已过仍无核查结果时标记")

    class Meta:
        verbose_name = verbose_name_plural = "承诺"
        indexes = [models.Index(fields=["status", "due_date"], name="commitment_due_idx")]
