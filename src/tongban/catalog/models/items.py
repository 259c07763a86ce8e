from django.db import models

from ..constants import ItemKind, ItemLevel


class BasicItem(models.Model):
    """基本目录 — an item as defined once for its level: name, type and basic code.

    `basic_code` is 10 characters: 2 type code + 5 main-item number + 3 sub-item number
    (`000` for a main item), after DB52/T 1264-2018 and GB/T 39046's an..10 (docs/catalog-codes.md).
    """

    basic_code = models.CharField("基本编码", max_length=10, unique=True)
    name = models.CharField("事项名称", max_length=200)
    item_type = models.ForeignKey(
        "catalog.ItemType", verbose_name="事项类型", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("行使层级", max_length=1, choices=ItemLevel.choices)
    kind = models.CharField("事项层级", max_length=10, choices=ItemKind.choices, default=ItemKind.MAIN)
    parent = models.ForeignKey(
        "self", verbose_name="上级事项（主项）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    competent_department = models.ForeignKey(
        "accounts.Department", verbose_name="主管部门", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "基本目录事项"
        ordering = ["basic_code"]

    def __str__(self) -> str:
        return f"{self.basic_code} {self.name}"


class ServiceItem(models.Model):
    """实施清单事项 — a basic item as one 实施机构 in one region carries it out.

    The stable identity behind every version; `published_version` points at the guide the
    public sees, so reading a published item is one join, not a search for the newest row.
    """

    implementation_code = models.CharField("实施编码", max_length=64, unique=True)
    basic_item = models.ForeignKey(
        BasicItem, verbose_name="基本目录事项", on_delete=models.PROTECT, related_name="implementations"
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name="实施机构", on_delete=models.PROTECT,
        related_name="service_items",
    )
    region = models.ForeignKey(
        "accounts.Region", verbose_name="实施区划", on_delete=models.PROTECT,
        related_name="service_items",
    )
    business_item_number = models.CharField(
        "业务办理项编号", max_length=2, default="00", help_text="00 表示事项本身，01–99 为业务办理项。"
    )
    published_version = models.OneToOneField(
        "catalog.ServiceItemVersion", verbose_name="现行版本", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    is_retired = models.BooleanField("已取消", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "实施清单事项"
        ordering = ["implementation_code"]

    def __str__(self) -> str:
        return self.implementation_code
