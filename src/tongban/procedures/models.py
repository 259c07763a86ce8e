"""政府内部程序 — 规范性文件 (seed 002), 重大行政决策 (seed 003), SOE guarantees and accountability.

Every stage a procedure passes leaves its evidence in the row (dates, counts, materials): the
workflow's guards read that evidence, never the state name alone, so a document pushed into a
later state by other means still cannot be numbered or published (procedures.services).
"""

from django.db import models

from .workflow import DECISION_WORKFLOW, NORM_WORKFLOW


class ReviewOffice(models.Model):
    """司法行政部门 of a region: legality review, 统一登记/编号, 备案审查, the issuer list."""

    region = models.OneToOneField("accounts.Region", verbose_name="区划", on_delete=models.PROTECT,
                                  related_name="procedure_review_office")
    department = models.ForeignKey("accounts.Department", verbose_name="司法行政部门", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "合法性审核机构"

    def __str__(self) -> str:
        return f"{self.region} · {self.department}"


class Issuer(models.Model):
    """规范性文件制定主体清单 — only a unit on the published list may draft (seed 002 第三条)."""

    department = models.OneToOneField("accounts.Department", verbose_name="制定主体", on_delete=models.PROTECT,
                                      related_name="procedure_issuer")
    unit_code = models.CharField("单位代码", max_length=12, unique=True)
    listed = models.BooleanField("列入清单", default=True)
    listed_on = models.DateField("列入日期")

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件制定主体"
        ordering = ["unit_code"]

    def __str__(self) -> str:
        return f"{self.department}（{self.unit_code}）"


class PlanEntry(models.Model):
    """年度规范性文件制定计划的一项 (seed 002 第十条: next year's plan due in December)."""

    issuer = models.ForeignKey(Issuer, verbose_name="制定主体", on_delete=models.PROTECT, related_name="plan_entries")
    year = models.PositiveSmallIntegerField("计划年度")
    title = models.CharField("文件名称", max_length=200)
    basis = models.CharField("制定依据", max_length=500, blank=True)
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = verbose_name_plural = "年度制定计划"
        indexes = [models.Index(fields=["year", "issuer"], name="proc_plan_year_idx")]


class SerialCounter(models.Model):
    """登记流水号 per issuer and year: locked while a number is drawn, so none is skipped or reused."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="proc_serial_issuer_year")]


class NormativeDocument(models.Model):
    """规范性文件 — from 起草 to 备案, then in force until it expires or is repealed."""

    issuer = models.ForeignKey(Issuer, verbose_name="制定主体", on_delete=models.PROTECT, related_name="documents")
    plan_entry = models.ForeignKey(PlanEntry, verbose_name="计划项", on_delete=models.PROTECT, related_name="documents")
    title = models.CharField("文件名称", max_length=200)
    status = models.CharField("状态", max_length=24, default="drafting")
    is_trial = models.BooleanField("暂行/试行", default=False)
    affects_enterprises = models.BooleanField("涉及市场主体", default=False)
    trade_related = models.BooleanField("涉及贸易（需合规审查）", default=False)
    assessment_triggers = models.JSONField("制定前评估情形", default=list)
    assessment_conclusion = models.TextField("制定前评估结论", blank=True)
    materials = models.JSONField("送审材料", default=list)
    comment_start = models.DateField("征求意见开始", null=True, blank=True)
    comment_end = models.DateField("征求意见截止", null=True, blank=True)
    fair_competition_conclusion = models.TextField("公平竞争审查结论", blank=True)
    compliance_opinion = models.TextField("合规审查意见", blank=True)
    legality_submitted_on = models.DateField("送审日期", null=True, blank=True)
    legality_opinion = models.TextField("合法性审核意见", blank=True)
    legality_passed_on = models.DateField("审核通过日期", null=True, blank=True)
    deliberation_meeting = models.CharField("审议会议", max_length=200, blank=True)
    deliberated_on = models.DateField("审议通过日期", null=True, blank=True)
    registration_number = models.CharField("登记号", max_length=40, null=True, blank=True, unique=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    immediate_reason = models.CharField("公布即施行理由", max_length=300, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_late = models.BooleanField("逾期备案", default=False)
    evaluated_on = models.DateField("评估日期", null=True, blank=True)
    evaluation = models.TextField("评估结论", blank=True)
    cleanup = models.CharField("清理结论", max_length=12, blank=True)  # keep / revise / repeal
    row_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件"
        indexes = [
            models.Index(fields=["status", "-id"], name="proc_norm_status_idx"),
            models.Index(fields=["issuer", "-id"], name="proc_norm_issuer_idx"),
            models.Index(fields=["expires_on"], name="proc_norm_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_status_label(self) -> str:
        return NORM_WORKFLOW.label_of(self.status)


class ReviewRequest(models.Model):
    """公民、法人和其他组织的审查申请 (seed 002 第四十五条): answered within 60 days, +30 once."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="review_requests")
    applicant = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    content = models.TextField("申请内容")
    received_on = models.DateField("受理日期")
    due_on = models.DateField("处理期限")
    extended = models.BooleanField("已延长", default=False)
    answered_on = models.DateField("处理日期", null=True, blank=True)
    answer = models.TextField("处理结果", blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "规范性文件审查申请"
        indexes = [models.Index(fields=["document", "-id"], name="proc_review_req_idx")]


class DecisionCatalogue(models.Model):
    """年度重大行政决策事项目录 (seed 003 第七条), published once approved."""

    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策事项目录"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="proc_catalogue_region_year")]


class MajorDecision(models.Model):
    """重大行政决策 — 公众参与, 专家论证, 风险评估, 合法性审查, 集体讨论决定, 公布, 备案, 归档, 后评估."""

    catalogue = models.ForeignKey(DecisionCatalogue, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField("决策事项", max_length=200)
    undertaker = models.ForeignKey("accounts.Department", verbose_name="决策承办单位", on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField("状态", max_length=24, default="listed")
    complex = models.BooleanField("涉及面广、争议较大或特别复杂敏感", default=False)
    hearing_required = models.BooleanField("应当听证", default=False)
    comment_start = models.DateField("征求意见开始", null=True, blank=True)
    comment_end = models.DateField("征求意见截止", null=True, blank=True)
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    participation_summary = models.TextField("公众意见采纳情况", blank=True)
    experts = models.JSONField("论证专家", default=list)
    expert_opinion = models.TextField("专家论证结论", blank=True)
    risk_level = models.CharField("风险等级", max_length=8, blank=True)  # high / medium / low
    risk_report = models.TextField("风险评估报告", blank=True)
    materials = models.JSONField("送审材料", default=list)
    legality_submitted_on = models.DateField("送审日期", null=True, blank=True)
    legality_opinion = models.TextField("合法性审查意见", blank=True)
    legality_passed_on = models.DateField("审查通过日期", null=True, blank=True)
    outcome = models.CharField("决定", max_length=20, blank=True)  # agree / agree_in_principle / disagree
    majority_view = models.CharField("会议组成人员多数意见", max_length=20, blank=True)
    head_reasons = models.TextField("行政首长说明理由", blank=True)
    risk_controls = models.TextField("风险可控说明", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_late = models.BooleanField("逾期备案", default=False)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    evaluation_triggers = models.JSONField("后评估情形", default=list)
    evaluation = models.JSONField("后评估内容", default=dict)
    evaluated_on = models.DateField("后评估日期", null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策"
        indexes = [models.Index(fields=["catalogue", "-id"], name="proc_decision_cat_idx")]

    def __str__(self) -> str:
        return self.title

    def get_status_label(self) -> str:
        return DECISION_WORKFLOW.label_of(self.status)
