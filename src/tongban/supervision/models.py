"""事中事后监管: 一单两库, 双随机抽查 plans and their draws, results, 审管联动 tasks, 监管线索."""

from django.conf import settings
from django.db import models


class CheckMethod(models.TextChoices):
    ON_SITE = "on_site", "现场检查"
    DOCUMENT = "document", "书面检查"
    ONLINE = "online", "网络监测"


class CheckItem(models.Model):
    """抽查事项清单 — one published check item of a department (一单)."""

    department = models.ForeignKey("accounts.Department", verbose_name="检查部门", on_delete=models.PROTECT,
                                   related_name="check_items")
    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("抽查事项", max_length=200)
    legal_basis = models.TextField("检查依据")
    method = models.CharField("检查方式", max_length=10, choices=CheckMethod.choices)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查事项清单"
        ordering = ["department_id", "code"]

    def __str__(self) -> str:
        return self.name


class SubjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL = "individual", "个体工商户"


class RiskClass(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "一般风险"
    HIGH = "high", "高风险"


class SubjectProfile(models.Model):
    """检查对象名录库 entry: an enterprise or 个体工商户 with its industry and risk class (一库).
    The credit class is read from credit at draw time, never copied here."""

    enterprise = models.OneToOneField("accounts.Enterprise", on_delete=models.CASCADE, related_name="supervision")
    kind = models.CharField("主体类型", max_length=12, choices=SubjectKind.choices, default=SubjectKind.ENTERPRISE)
    industry = models.CharField("行业", max_length=50)
    risk_class = models.CharField("风险等级", max_length=8, choices=RiskClass.choices, default=RiskClass.LOW)
    departments = models.ManyToManyField("accounts.Department", verbose_name="监管部门", related_name="+",
                                         blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查对象名录库"


class InspectorProfile(models.Model):
    """执法检查人员名录库 entry: a 监管人员 with a certificate and the regions covered (一库)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inspector_profile")
    certificate_number = models.CharField("执法证号", max_length=40, unique=True)
    regions = models.ManyToManyField("accounts.Region", verbose_name="负责区划", related_name="+", blank=True,
                                     help_text="留空为全区")
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法检查人员名录库"


class InspectorLink(models.Model):
    """回避关系 — an inspector never inspects an enterprise they are linked to."""

    inspector = models.ForeignKey(InspectorProfile, on_delete=models.CASCADE, related_name="links")
    enterprise = models.ForeignKey("accounts.Enterprise", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("回避事由", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "回避关系"
        constraints = [models.UniqueConstraint(fields=["inspector", "enterprise"], name="inspector_link_unique")]


class Plan(models.Model):
    """抽查计划 — one department's or a joint (联合抽查) plan, with its verifiable draw."""

    code = models.CharField("计划编号", max_length=40, unique=True)
    name = models.CharField("计划名称", max_length=200)
    department = models.ForeignKey("accounts.Department", verbose_name="牵头部门", on_delete=models.PROTECT,
                                   related_name="supervision_plans")
    joint_departments = models.ManyToManyField("accounts.Department", verbose_name="联合部门", blank=True,
                                               related_name="+")
    check_items = models.ManyToManyField(CheckItem, verbose_name="抽查事项", related_name="plans")
    period_start = models.DateField("检查期起")
    period_end = models.DateField("检查期止")
    shares = models.JSONField("抽取比例（%）", default=dict, blank=True,
                              help_text="按“信用等级-风险等级”，留空用规则 supervision.draw_share_percent")
    per_subject = models.PositiveSmallIntegerField("每户检查人员数", default=2)
    status = models.CharField("状态", max_length=12, default="draft")
    seed_sources = models.TextField("随机种子来源（抽取前公布）", blank=True)
    seed_announced_at = models.DateTimeField("种子来源公布时间", null=True, blank=True)
    seed_values = models.JSONField("种子取值", default=list, blank=True)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    algorithm = models.CharField("算法", max_length=30, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    pool_snapshot = models.JSONField("抽取时名录库快照", null=True, blank=True)
    pool_digest = models.CharField("名录库摘要", max_length=64, blank=True)
    result_digest = models.CharField("抽取结果摘要", max_length=64, blank=True)
    publish_due = models.DateField("公开期限", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = verbose_name_plural = "抽查计划"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "status"], name="plan_department_status_idx")]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    """检查任务 — one drawn subject of a plan (or a clue's inspection outside the draw)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="inspections", null=True, blank=True)
    enterprise = models.ForeignKey("accounts.Enterprise", on_delete=models.PROTECT, related_name="+")
    subject_key = models.CharField("统一社会信用代码", max_length=18)
    stratum = models.CharField("信用-风险分层", max_length=20, blank=True)
    rank = models.PositiveIntegerField("抽取顺序", default=0)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="+")
    inspector_keys = models.JSONField("检查人员（抽取结果）", default=list)
    status = models.CharField("状态", max_length=12, default="assigned")
    outside_draw = models.BooleanField("非随机（线索触发）", default=False)
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    inspected_at = models.DateTimeField("检查时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查任务"
        ordering = ["plan_id", "rank"]
        indexes = [models.Index(fields=["subject_key", "inspected_at"], name="inspection_subject_idx")]


class Outcome(models.TextChoices):
    PASSED = "passed", "未发现问题"
    DEFECT = "defect", "发现问题，责令整改"
    NO_PENALTY = "no_penalty", "首违不罚"
    LIGHT_PENALTY = "light_penalty", "轻微违法轻罚"
    VIOLATION = "violation", "发现违法，移交处罚"
    RECTIFIED = "rectified", "复查：已整改"


class Finding(models.Model):
    """检查结果 — one per check item and visit."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    check_item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("结果", max_length=14, choices=Outcome.choices)
    note = models.TextField("说明", blank=True)
    lenient_entry = models.ForeignKey("LenientEntry", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    recorded_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = verbose_name_plural = "检查结果"
        ordering = ["inspection_id", "id"]


class LenientKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚（首违不罚）"
    LIGHT = "light", "从轻减轻处罚"


class LenientEntry(models.Model):
    """不罚 / 轻罚清单 — 包容审慎监管, as data consulted when a finding is recorded."""

    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, related_name="+")
    check_item = models.ForeignKey(CheckItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=LenientKind.choices)
    violation = models.CharField("违法行为", max_length=200)
    conditions = models.TextField("适用条件", help_text="如 首次违法、危害后果轻微并及时改正")
    legal_basis = models.TextField("依据")

    class Meta:
        verbose_name = verbose_name_plural = "不罚轻罚清单"


class BoundaryEntry(models.Model):
    """审管职责边界清单 — which department supervises which 事项 after approval."""

    item_code = models.CharField("事项编码", max_length=64, unique=True)
    item_name = models.CharField("事项名称", max_length=200, blank=True)
    supervising_department = models.ForeignKey("accounts.Department", verbose_name="监管部门",
                                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "审管职责边界清单"


class TaskKind(models.TextChoices):
    DECISION = "decision", "审批结果推送"
    COMMITMENT = "commitment", "告知承诺核查"


class SupervisionTask(models.Model):
    """审管联动 — an approval pushed to its supervising department: 接收 → 处置 → 反馈."""

    source_event = models.PositiveBigIntegerField("来源事件", unique=True,
                                                  help_text="outbox 事件号：每个审批决定只推送一次")
    kind = models.CharField("类型", max_length=12, choices=TaskKind.choices)
    case_number = models.CharField("办件编号", max_length=50, db_index=True)
    item_code = models.CharField("事项编码", max_length=64)
    decision = models.CharField("审批决定", max_length=20, blank=True)
    applicant_name = models.CharField("申请人", max_length=200)
    applicant_code = models.CharField("申请人证件号码", max_length=18)
    approving_department = models.CharField("审批部门", max_length=32)
    department = models.ForeignKey("accounts.Department", verbose_name="监管部门", on_delete=models.PROTECT,
                                   related_name="supervision_tasks")
    by_default = models.BooleanField("边界未明确，由默认部门监管", default=False)
    status = models.CharField("状态", max_length=10, default="pushed")
    pushed_at = models.DateTimeField("推送时间")
    receive_due = models.DateField("接收期限")
    received_at = models.DateTimeField("接收时间", null=True, blank=True)
    handle_due = models.DateField("处置反馈期限", null=True, blank=True)
    handling = models.TextField("处置情况", blank=True)
    feedback = models.TextField("反馈", blank=True)
    commitment_kept = models.BooleanField("承诺属实", null=True, blank=True)
    fed_back_at = models.DateTimeField("反馈时间", null=True, blank=True)
    escalated_at = models.DateTimeField("逾期督办时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审管联动"
        ordering = ["-pushed_at", "-id"]
        indexes = [models.Index(fields=["department", "status", "-id"], name="task_department_status_idx")]


class ClueSource(models.TextChoices):
    HOTLINE = "hotline", "12345 工单"
    RATING = "rating", "好差评"
    INSPECTION = "inspection", "检查发现"
    OUTSIDE = "outside", "外部移送/举报"


class Clue(models.Model):
    """监管线索 (互联网+监管): 接收 → 推送 → 处置 → 反馈, linked to the enterprise's file."""

    source = models.CharField("来源", max_length=12, choices=ClueSource.choices)
    source_ref = models.CharField("来源编号", max_length=64, blank=True)
    enterprise = models.ForeignKey("accounts.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    content = models.TextField("线索内容")
    department = models.ForeignKey("accounts.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField("状态", max_length=10, default="received")
    received_at = models.DateTimeField("接收时间")
    due = models.DateField("处置反馈期限", null=True, blank=True)
    handling = models.TextField("处置情况", blank=True)
    feedback = models.TextField("反馈", blank=True)
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "监管线索"
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "source_ref"], condition=~models.Q(source_ref=""),
                                               name="clue_source_unique")]
