from django.db import models


class OutboxEvent(models.Model):
    """领域事件 — e.g. "case.decided", consumed by licences, 审管联动 and metrics.

    Written inside the transaction of the change it reports, so an event exists exactly when
    the change committed; consumers keep their own cursor on `id`.
    """

    topic = models.CharField("主题", max_length=60)
    stream = models.CharField("对象", max_length=100)
    payload = models.JSONField("内容")
    created_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = verbose_name_plural = "领域事件"
        indexes = [models.Index(fields=["topic", "id"], name="outbox_topic_idx")]

    def __str__(self) -> str:
        return f"{self.topic} {self.stream}"


class ConsumerCursor(models.Model):
    """How far one consumer has read the outbox."""

    consumer = models.CharField(max_length=60, primary_key=True)
    last_event_id = models.BigIntegerField(default=0)
