"""The repeated elements of a version: conditions, materials, steps, special procedures, fees."""

from django.db import models

from ..constants import MaterialForm, MaterialMedium, SpecialProcedureKind, StepRole, TimeUnit


class VersionElement(models.Model):
    version = models.ForeignKey("catalog.ServiceItemVersion", on_delete=models.CASCADE,
                                related_name="%(class)ss")
    order = models.PositiveSmallIntegerField("序号")

    class Meta:
        abstract = True
        ordering = ["version", "order"]


class AcceptanceCondition(VersionElement):
    """受理条件 — text for people; `rule` optionally makes it checkable by the pre-check (预审)."""

    text = models.TextField("条件")
    rule = models.JSONField("可校验规则", null=True, blank=True,
                            help_text='如 {"field": "investment_wan", "op": ">", "value": 100}')

    class Meta(VersionElement.Meta):
        verbose_name = verbose_name_plural = "受理条件"


class Material(VersionElement):
    """申请材料 — and how it may be obtained instead of from the applicant (免提交)."""

    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=10, choices=MaterialForm.choices)
    count = models.PositiveSmallIntegerField("份数", default=1)
    medium = models.CharField("载体", max_length=12, choices=MaterialMedium.choices)
    is_required = models.BooleanField("必要", default=True)
    is_waivable = models.BooleanField("可容缺", default=False,
                                      help_text="受理时可暂缺，按承诺期限补交。")
    license_type = models.ForeignKey("catalog.LicenseType", verbose_name="可由电子证照替代",
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="materials")
    shared_data_source = models.CharField("可由共享数据获取", max_length=200, blank=True)
    commitment_allowed = models.BooleanField("可告知承诺替代", default=False)
    notes = models.CharField("填报说明", max_length=500, blank=True)

    class Meta(VersionElement.Meta):
        verbose_name = verbose_name_plural = "申请材料"

    @property
    def is_proof_free(self) -> bool:
        """免证办: the applicant need not bring it when a licence, data or commitment covers it."""
        return bool(self.license_type_id or self.shared_data_source or self.commitment_allowed)


class Step(VersionElement):
    """办理流程 — one step and the role that performs it."""

    name = models.CharField("环节名称", max_length=100)
    role = models.CharField("办理角色", max_length=12, choices=StepRole.choices)
    description = models.CharField("说明", max_length=500, blank=True)

    class Meta(VersionElement.Meta):
        verbose_name = verbose_name_plural = "办理环节"


class SpecialProcedure(VersionElement):
    """特别程序 — its time is excluded from the limit, up to its own maximum."""

    kind = models.CharField("种类", max_length=20, choices=SpecialProcedureKind.choices)
    max_duration = models.PositiveIntegerField("最长时限")
    unit = models.CharField("时限单位", max_length=10, choices=TimeUnit.choices)
    description = models.CharField("说明", max_length=500, blank=True)

    class Meta(VersionElement.Meta):
        verbose_name = verbose_name_plural = "特别程序"


class Fee(VersionElement):
    """收费 — item, standard and its legal basis."""

    name = models.CharField("收费项目", max_length=200)
    standard = models.CharField("收费标准", max_length=200)
    basis = models.CharField("收费依据", max_length=500)

    class Meta(VersionElement.Meta):
        verbose_name = verbose_name_plural = "收费"
