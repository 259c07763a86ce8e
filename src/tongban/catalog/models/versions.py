from django.conf import settings
from django.db import models

from ..constants import (
    CaseKind, CrossRegionScope, NearHomeLevel, ResultKind, TimeUnit, VersionStatus,
)

OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED)


class ServiceItemVersion(models.Model):
    """事项版本 — every element of one version of an item's guide (办事指南).

    A published version is never edited: a revision is a new draft copied from it, so a
    case is always judged by the version it was filed under.
    """

    item = models.ForeignKey(
        "catalog.ServiceItem", verbose_name="事项", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=12, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT)
    revision = models.PositiveIntegerField("修改计数", default=0,
                                           help_text="每次保存加一，用于发现并发修改。")
    # 基本要素
    name = models.CharField("事项名称", max_length=200)
    item_type = models.ForeignKey("catalog.ItemType", verbose_name="事项类型",
                                  on_delete=models.PROTECT, related_name="+")
    legal_basis = models.TextField("设定依据")
    implementation_basis = models.TextField("实施依据", blank=True)
    # 一般要素
    service_objects = models.JSONField("服务对象", default=list,
                                       help_text="ServiceObject 代码列表，如 [\"1\", \"2\"]。")
    statutory_limit = models.PositiveIntegerField("法定办结时限")
    statutory_unit = models.CharField("法定时限单位", max_length=10, choices=TimeUnit.choices)
    promised_limit = models.PositiveIntegerField("承诺办结时限")
    promised_unit = models.CharField("承诺时限单位", max_length=10, choices=TimeUnit.choices)
    case_kind = models.CharField("办件类型", max_length=10, choices=CaseKind.choices)
    is_free = models.BooleanField("不收费", default=True)
    result_kind = models.CharField("办理结果类型", max_length=12, choices=ResultKind.choices)
    result_name = models.CharField("办理结果名称", max_length=200)
    result_license_type = models.ForeignKey(
        "catalog.LicenseType", verbose_name="结果证照类型", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    intermediary_services = models.TextField("中介服务", blank=True)
    quantity_limit = models.CharField("数量限制", max_length=200, blank=True)
    annual_inspection = models.CharField("年检年报", max_length=200, blank=True)
    # 办理深度与渠道
    can_apply_online = models.BooleanField("可网办", default=False)
    fully_online = models.BooleanField("全程网办", default=False)
    visits = models.PositiveSmallIntegerField("到现场次数", default=1)
    mobile = models.BooleanField("掌上办", default=False)
    kiosk = models.BooleanField("自助办", default=False)
    near_home_level = models.CharField("就近办", max_length=10, choices=NearHomeLevel.choices,
                                       blank=True, default="")
    cross_region_scope = models.CharField("通办范围", max_length=10,
                                          choices=CrossRegionScope.choices, blank=True, default="")
    window_acceptance = models.BooleanField("纳入综合窗口受理", default=True)
    negative_list = models.BooleanField("网办负面清单", default=False)
    negative_list_reason = models.CharField("不能网办的理由", max_length=300, blank=True)
    workflow_code = models.SlugField(
        "办理流程", max_length=50, blank=True, default="",
        help_text="办件流程定义编码；留空时即办件用 immediate、承诺件用 standard。",
    )
    co_departments = models.ManyToManyField(
        "accounts.Department", verbose_name="并联审批部门", blank=True, related_name="+",
        help_text="除实施机构外同时审查的部门（并联审批）。",
    )
    themes = models.ManyToManyField("catalog.Theme", verbose_name="主题", blank=True,
                                    related_name="versions")
    consultation_phone = models.CharField("咨询电话", max_length=50, blank=True)
    # 告知承诺书 (seed 000 第16条: 编制告知承诺书，明确并公布承诺内容……和违反承诺应承担的法律责任):
    # published with the guide, so a case's signed commitment names the exact text of its version
    commitment_content = models.TextField("告知承诺书内容", blank=True, default="",
                                          help_text="有材料可告知承诺替代时必填：申请人承诺的事项和条件。")
    commitment_liability = models.TextField("违反承诺的法律责任", blank=True, default="",
                                            help_text="有材料可告知承诺替代时必填：承诺不实或违反承诺的后果。")
    search_text = models.TextField(editable=False, default="",
                                   help_text="名称、受理条件、材料名称的拼接，用于检索确认。")
    # Lifecycle
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("更新时间")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "事项版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_revision_per_item",
            ),
            models.CheckConstraint(
                condition=models.Q(visits__lte=2), name="version_visits_at_most_two"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.number} 版）"

    @property
    def is_editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.RETURNED)
