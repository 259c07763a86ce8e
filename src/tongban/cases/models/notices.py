from django.db import models

from ..constants import NoticeKind


class Notice(models.Model):
    """文书 — a numbered notice with a verification code printed as a QR code."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("文书类型", max_length=12, choices=NoticeKind.choices)
    # number and verification_code: PostgreSQL's varchar_pattern_ops twins of their unique
    # indexes were dropped (cases 0007: looked up by equality only); altering either field in a
    # migration would create them again.
    number = models.CharField("文书编号", max_length=60, unique=True)
    verification_code = models.CharField("核验码", max_length=32, unique=True)
    issued_at = models.DateTimeField("出具时间")
    body = models.JSONField("内容")

    class Meta:
        verbose_name = verbose_name_plural = "文书"
        ordering = ["case", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
