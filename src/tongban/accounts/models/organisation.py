from django.db import models

from ..constants import HallLevel, WindowKind


class Department(models.Model):
    """部门 — a government department (实施机构) that belongs to a region."""

    code = models.CharField("部门编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    region = models.ForeignKey(
        "accounts.Region", verbose_name="所属区划", on_delete=models.PROTECT,
        related_name="departments",
    )
    is_service_management_office = models.BooleanField(
        "政务服务管理机构", default=False,
        help_text="负责事项联合审核与大厅管理的机构（如区行政审批服务局）。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceHall(models.Model):
    """政务服务场所 — district centre, town centre or village station."""

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=HallLevel.choices)
    region = models.ForeignKey(
        "accounts.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="halls"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    opening_hours = models.CharField("办公时间", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政务服务场所"
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """窗口 — a counter in a hall; 专窗 belong to one department."""

    hall = models.ForeignKey(
        ServiceHall, verbose_name="服务场所", on_delete=models.CASCADE, related_name="windows"
    )
    number = models.CharField("窗口号", max_length=10)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=WindowKind.choices)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", null=True, blank=True, on_delete=models.PROTECT,
        related_name="windows",
    )
    is_open = models.BooleanField("开放", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "窗口"
        ordering = ["hall", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="window_number_unique_in_hall"),
        ]

    def __str__(self) -> str:
        return f"{self.number}号 {self.name}"
