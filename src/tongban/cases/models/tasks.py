from django.conf import settings
from django.db import models

from ..constants import TaskStatus


class CaseTask(models.Model):
    """并联审批子任务 — one participating department's part; the case merges when all are done."""

    # No single-column indexes: case_task_unique leads with case, case_task_queue_idx with department.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks", db_index=False)
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, related_name="case_tasks",
                                   db_index=False)
    is_lead = models.BooleanField("牵头部门", default=False)
    status = models.CharField("状态", max_length=10, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    opinion = models.TextField("意见", blank=True)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    # a co-department's own limit for its opinion (rule case.co_department_task_working_days),
    # from acceptance or from the day the lead asked again; the lead's task follows the case's
    due_date = models.DateField("意见期限", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "并联审批子任务"
        constraints = [models.UniqueConstraint(fields=["case", "department"], name="case_task_unique")]
        indexes = [models.Index(fields=["department", "status"], name="case_task_queue_idx")]
