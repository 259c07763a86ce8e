from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


class AuditEntry(models.Model):
    """审计记录 — who changed what, when, from what to what.

    Entries form one hash chain per `stream` (one audited object, e.g. "cases.case:42"):
    each row's `entry_hash` covers its content and the previous row's hash. Chaining per
    object rather than globally keeps concurrent writers on different objects from queueing
    on a single chain head, while the object's own row orders its entries: its writer either
    holds the row lock or writes only if the head it read is still there (case transitions).
    Database triggers (see migrations) refuse UPDATE and DELETE.
    """

    stream = models.CharField("审计对象", max_length=100)
    sequence = models.PositiveIntegerField("序号")
    created_at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_label = models.CharField("操作人", max_length=100)
    action = models.CharField("动作", max_length=60)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        constraints = [
            models.UniqueConstraint(fields=["stream", "sequence"], name="audit_stream_sequence"),
        ]
        indexes = [models.Index(fields=["created_at", "id"], name="audit_created_idx")]

    def __str__(self) -> str:
        return f"{self.stream}#{self.sequence} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录只能追加，不能删除。")


class ChainHead(models.Model):
    """Abstract: an audited model that keeps its own chain head in its row.

    A state change already locks and rewrites the object's row, so carrying the head there
    costs no extra statement, where the shared AuditHead table would cost a lock and an upsert.
    `audit.record()` persists `audit_sequence` and `audit_hash` itself (an UPDATE of the two
    columns); only the case transition fast path writes them with its own statement.
    """

    audit_sequence = models.PositiveIntegerField(default=0, editable=False)
    audit_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        abstract = True


class AuditHead(models.Model):
    """The last sequence and hash of each stream.

    Written in the same transaction as the entry, so deleting the newest entries of a
    stream (which a chain alone cannot reveal) shows up as a head ahead of its chain.
    """

    stream = models.CharField(max_length=100, primary_key=True)
    sequence = models.PositiveIntegerField()
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key`: the same key never creates two records.

    The first request stores its response; a retry with the same key and body gets the stored
    response, a retry with a different body is refused (the key was reused by mistake).
    """

    key = models.CharField(max_length=100)
    scope = models.CharField("接口", max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "幂等键"
        constraints = [
            models.UniqueConstraint(fields=["scope", "user", "key"], name="idempotency_key_unique"),
        ]
