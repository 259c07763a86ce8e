"""工作台账: plans read from gazette text, their tasks, units and progress reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "待校核"
    PUBLISHED = "published", "已发布"


class Plan(models.Model):
    """A plan (实施方案/落实方案) as uploaded; its tasks become the ledger once published."""

    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="ledger_plans")
    title = models.CharField("方案名称", max_length=200)
    source_name = models.CharField("原文件名", max_length=200)
    text = models.TextField("识别文本")
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", default=1)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("导入时间")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作方案"
        indexes = [models.Index(fields=["region", "-id"])]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已销号"


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveIntegerField("顺序")
    numbering = models.CharField("编号", max_length=100)
    title = models.CharField("任务", max_length=200)
    text = models.TextField("原文")
    deadline = models.DateField("完成时限", null=True, blank=True)
    open_ended = models.BooleanField("长期任务", default=False)
    milestones = models.JSONField("时间节点", default=list)
    indicators = models.JSONField("指标", default=list)
    uncertain = models.JSONField("待确认", default=list)
    notes = models.JSONField("识别说明", default=list)
    status = models.CharField("状态", max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "任务"
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="ledger_task_seq")]
        indexes = [models.Index(fields=["deadline", "status"])]

    def __str__(self) -> str:
        return f"{self.numbering} {self.title}"


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    RESPONSIBLE = "responsible", "责任单位"


class TaskUnit(models.Model):
    """One named unit of a task; department is empty for a collective or an unknown name."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    role = models.CharField("角色", max_length=12, choices=UnitRole.choices)
    name = models.CharField("单位名称", max_length=100)
    raw = models.CharField("原文写法", max_length=100)
    department = models.ForeignKey("accounts.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ledger_units")
    collective = models.BooleanField("统称", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "任务单位"
        ordering = ["task", "role", "id"]
        indexes = [models.Index(fields=["department", "role"])]


class DepartmentAlias(models.Model):
    """A written name that means a department ("区审批局" = 区行政审批服务局); learned from corrections."""

    region = models.ForeignKey("accounts.Region", on_delete=models.CASCADE, related_name="department_aliases")
    alias = models.CharField("写法", max_length=100)
    department = models.ForeignKey("accounts.Department", on_delete=models.CASCADE, related_name="aliases")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "部门别名"
        constraints = [models.UniqueConstraint(fields=["region", "alias"], name="ledger_alias_unique")]


class ProgressReport(models.Model):
    """进展报送: one unit's report on one task for one period (month)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("报送期（月初）")
    text = models.TextField("进展情况")
    completed = models.BooleanField("已完成", default=False)
    evidence = models.FileField("佐证材料", upload_to="ledger/evidence/%Y/%m/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "进展报送"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["task", "department", "period"])]
