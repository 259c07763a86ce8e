"""惠企政策: policies split into programs (rules as data), applications, payments, profiles.

Money is integer fen (`*_fen`); a program's rules are a rule document of
tongban.policies.rules_engine, validated on save and kept per version (ProgramVersion).
"""

from django.db import models
from django.db.models import Q


class Allocation(models.TextChoices):
    PRO_RATA = "pro_rata", "按比例分配"
    RANKING = "ranking", "按排名分配"


class Policy(models.Model):
    """政策文件 — one policy document (or fund) with its budget and stacking rule."""

    code = models.CharField("编码", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    document_number = models.CharField("文号", max_length=60)
    issuer = models.CharField("发文机关", max_length=100)
    department = models.ForeignKey("accounts.Department", verbose_name="主管部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="policies")
    budget_fen = models.BigIntegerField("资金总额（分）", null=True, blank=True)
    budget_note = models.CharField("资金说明", max_length=200, blank=True)
    stacking = models.CharField("叠加原则", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政策文件"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"


class Program(models.Model):
    """政策条款（申报项目）— the smallest clause: rules, budget, window, materials, exclusions."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="programs")
    code = models.CharField("编码", max_length=40, unique=True)
    title = models.CharField("名称", max_length=200)
    clause = models.CharField("条款", max_length=40, blank=True)
    category = models.CharField("类别", max_length=40, blank=True,
                                help_text="同类别只享受最高一项，同一项目不重复")
    allocation = models.CharField("超预算分配方式", max_length=10, choices=Allocation.choices,
                                  default=Allocation.PRO_RATA)
    budget_fen = models.BigIntegerField("本项预算（分）", null=True, blank=True)
    opens_on = models.DateField("申报开始", null=True, blank=True)
    closes_on = models.DateField("申报截止", null=True, blank=True)
    materials = models.JSONField("申报材料", default=list, blank=True)
    excludes = models.JSONField("不得叠加的项目", default=list, blank=True)
    project_required = models.BooleanField("须填写项目", default=False)
    auto_grant = models.BooleanField("免申即享", default=False)
    active = models.BooleanField("受理中", default=True)
    version = models.PositiveIntegerField("规则版本", default=1)
    rules = models.JSONField("规则")

    class Meta:
        verbose_name = verbose_name_plural = "政策条款"
        ordering = ["policy_id", "code"]

    def __str__(self) -> str:
        return self.title


class ProgramVersion(models.Model):
    """One saved version of a program's rules (applications keep the number they were evaluated under)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    rules = models.JSONField("规则")
    created_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = verbose_name_plural = "规则版本"
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="policy_version_unique")]


class EnterpriseProfile(models.Model):
    """企业画像 — the facts the government holds about an enterprise (profile.* in the rules)."""

    enterprise = models.OneToOneField("accounts.Enterprise", on_delete=models.CASCADE, related_name="policy_profile")
    facts = models.JSONField("画像数据", default=dict)
    bank_account = models.CharField("收款账户", max_length=40, blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = verbose_name_plural = "企业画像"


class Application(models.Model):
    """兑现申请 — an enterprise's application (or a 免申即享 grant) under one program version."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="applications")
    program_version = models.PositiveIntegerField("规则版本")
    category = models.CharField("类别", max_length=40, blank=True)
    enterprise = models.ForeignKey("accounts.Enterprise", on_delete=models.PROTECT, related_name="policy_applications")
    applicant = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="policy_applications")
    workflow = models.CharField("流程", max_length=20)
    status = models.CharField("状态", max_length=20, db_index=True)
    project_key = models.CharField("项目标识", max_length=120, blank=True)
    project_name = models.CharField("项目名称", max_length=120, blank=True)
    declared = models.JSONField("申报数据", default=dict)
    estimated_fen = models.BigIntegerField("测算金额（分）", null=True, blank=True)
    approved_fen = models.BigIntegerField("审定金额（分）", null=True, blank=True)
    paid_fen = models.BigIntegerField("已拨付（分）", default=0)
    rank = models.PositiveIntegerField("评选名次", null=True, blank=True)
    audit_note = models.CharField("审核意见", max_length=500, blank=True)
    publicity_starts_on = models.DateField("公示开始", null=True, blank=True)
    publicity_ends_on = models.DateField("公示截止", null=True, blank=True)
    objection = models.CharField("异议", max_length=500, blank=True)
    bank_account = models.CharField("收款账户", max_length=40, blank=True)
    submitted_at = models.DateTimeField("申报时间")
    paid_at = models.DateTimeField("拨付时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "兑现申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-submitted_at"], name="policy_app_enterprise_idx"),
            models.Index(fields=["program", "status"], name="policy_app_program_idx"),
        ]
        constraints = [
            # 同一项目同类别不重复: one live application or award per enterprise, category and project
            models.UniqueConstraint(fields=["enterprise", "category", "project_key"],
                                    condition=~Q(status__in=["rejected", "clawed_back", "withdrawn"]),
                                    name="policy_app_once_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.enterprise}"


class Payment(models.Model):
    """拨付 / 追回 — money moved for an application (a clawback is negative)."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", "拨付"
        CLAWBACK = "clawback", "追回"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    amount_fen = models.BigIntegerField("金额（分）")
    created_at = models.DateTimeField("时间")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "拨付记录"
        indexes = [models.Index(fields=["program", "created_at"], name="policy_payment_program_idx")]
