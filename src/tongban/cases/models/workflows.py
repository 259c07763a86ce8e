from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models

from tongban.core.workflow import Workflow, WorkflowError

from ..workflow import case_workflow


class WorkflowDefinition(models.Model):
    """办理流程定义 — a case state machine as data; catalog item versions choose one."""

    code = models.SlugField("流程编码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=100)
    definition = models.JSONField("定义")

    class Meta:
        verbose_name = verbose_name_plural = "办理流程定义"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            case_workflow({**self.definition, "code": self.code})
        except (WorkflowError, KeyError, TypeError) as error:
            raise ValidationError({"definition": f"流程定义无效：{error}"}) from error

    @cached_property
    def workflow(self) -> Workflow:
        return case_workflow({**self.definition, "code": self.code})
