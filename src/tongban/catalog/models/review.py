from django.conf import settings
from django.db import models


class ReviewRecord(models.Model):
    """联合审核记录 — each submit / return / publish / retire of a version, with its comment."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "审核发布"
        RETIRED = "retired", "取消事项"

    version = models.ForeignKey("catalog.ServiceItemVersion", on_delete=models.CASCADE,
                                related_name="reviews")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("动作", max_length=12, choices=Action.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = verbose_name_plural = "联合审核记录"
        ordering = ["created_at", "id"]
