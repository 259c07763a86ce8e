from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models

from ..constants import DEPARTMENT_ROLES, PUBLIC_ROLES, Role
from ..validators import id_number_validator


class User(AbstractUser):
    """用户 — a citizen, an enterprise user or a member of staff, told apart by `role`.

    Staff carry the department and region their scope is cut from (see accounts.scopes).
    """

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CITIZEN)
    real_name = models.CharField("姓名", max_length=50, blank=True)
    id_number = models.CharField(
        "居民身份证号", max_length=18, blank=True, validators=[id_number_validator]
    )
    phone = models.CharField("手机号码", max_length=20, blank=True)
    department = models.ForeignKey(
        "accounts.Department", verbose_name="所属部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    region = models.ForeignKey(
        "accounts.Region", verbose_name="所属区划", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    window = models.ForeignKey(
        "accounts.Window", verbose_name="所在窗口", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="staff",
    )
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""),
                name="user_id_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def is_public(self) -> bool:
        return self.role in PUBLIC_ROLES

    @property
    def is_department_staff(self) -> bool:
        return self.role in DEPARTMENT_ROLES

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now
