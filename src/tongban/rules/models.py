"""Overrides of the registry's defaults, and the revision counter every process checks."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .registry import SCOPE_LABELS


class RuleOverride(models.Model):
    """规则参数设置 — one scope's value of a rule from a date on (the latest date ≤ the day wins).

    Written only through tongban.rules.services.set_override, which validates the value against
    the registry and audits the change."""

    code = models.CharField("规则代码", max_length=80)
    scope = models.CharField("适用范围", max_length=12, choices=list(SCOPE_LABELS.items()))
    region = models.ForeignKey("accounts.Region", verbose_name="区划", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("accounts.Department", verbose_name="部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("catalog.ServiceItem", verbose_name="事项", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    value = models.JSONField("取值")
    effective_from = models.DateField("生效日期")
    reason = models.CharField("依据或理由", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("设置时间")

    class Meta:
        verbose_name = verbose_name_plural = "规则参数设置"
        ordering = ["code", "scope", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                name="rule_override_one_target",
                condition=(Q(scope__in=["district", "town"], region__isnull=False, department__isnull=True,
                             item__isnull=True)
                           | Q(scope="department", region__isnull=True, department__isnull=False, item__isnull=True)
                           | Q(scope="item", region__isnull=True, department__isnull=True, item__isnull=False))),
            # one value per scope and day; NULL targets would repeat in a plain constraint
            models.UniqueConstraint(fields=["code", "region", "effective_from"], name="rule_override_region_day",
                                    condition=Q(region__isnull=False)),
            models.UniqueConstraint(fields=["code", "department", "effective_from"],
                                    name="rule_override_department_day", condition=Q(department__isnull=False)),
            models.UniqueConstraint(fields=["code", "item", "effective_from"], name="rule_override_item_day",
                                    condition=Q(item__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_scope_display()} {self.effective_from}: {self.value}"


class RuleRevision(models.Model):
    """One row: bumped with every override change, so each process knows when to reload."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "规则参数版本"
