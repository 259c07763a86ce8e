from django.db import models

from ..constants import Audience


class ItemType(models.Model):
    """事项类型 — configurable list, seeded with GB/T 39046 表A.1 codes."""

    code = models.CharField("类型代码", max_length=2, unique=True)
    name = models.CharField("名称", max_length=50)
    is_licensing = models.BooleanField(
        "行政许可", default=False, help_text="清单之外无许可：只有许可类事项的结果可以是许可证照。"
    )
    on_application = models.BooleanField(
        "依申请", default=False,
        help_text="由申请人申请启动的事项（许可、确认、裁决、给付、奖励、其他行政权力、公共服务）；"
                  "可网办率、全程网办率、一窗受理通办比例与免证办比例只计依申请事项。",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "事项类型"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Theme(models.Model):
    """主题 — life events (新生儿出生, 企业开办 …) that group items for citizens and enterprises."""

    code = models.SlugField("主题编码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=50)
    audience = models.CharField("面向", max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = verbose_name_plural = "主题"
        ordering = ["audience", "code"]

    def __str__(self) -> str:
        return self.name


class LicenseType(models.Model):
    """证照类型 — a kind of licence (营业执照, 食品经营许可证 …) and the department issuing it.

    `code` is the GB/T 36904 证照类型代码: the defining authority's USCC plus a 3-digit sequence.
    """

    code = models.CharField("证照类型代码", max_length=21, unique=True)
    name = models.CharField("证照名称", max_length=100)
    issuing_department = models.ForeignKey(
        "accounts.Department", verbose_name="颁发部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="license_types",
    )
    holder_kind = models.CharField("持证主体", max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = verbose_name_plural = "证照类型"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
