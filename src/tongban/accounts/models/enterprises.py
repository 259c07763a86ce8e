from django.db import models

from ..constants import AgentCapacity
from ..validators import uscc_validator


class Enterprise(models.Model):
    """企业 — an enterprise or other organisation, identified by its 统一社会信用代码."""

    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[uscc_validator]
    )
    name = models.CharField("名称", max_length=200)
    legal_representative = models.CharField("法定代表人", max_length=50)
    region = models.ForeignKey(
        "accounts.Region", verbose_name="所在区划", null=True, blank=True,
        on_delete=models.PROTECT, related_name="enterprises",
    )
    address = models.CharField("住所", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        ordering = ["uscc"]

    def __str__(self) -> str:
        return self.name


class EnterpriseAgent(models.Model):
    """企业经办授权 — a person who may act for an enterprise, and in which capacity."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="agents")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="enterprise_mandates"
    )
    capacity = models.CharField("身份", max_length=30, choices=AgentCapacity.choices)
    valid_until = models.DateField("授权有效期至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业经办授权"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "user"], name="agent_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"
