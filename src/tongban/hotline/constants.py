"""Code lists of 12345 tickets (DOMAIN.md §5, STANDARDS.md §6)."""

from django.db import models


class TicketKind(models.TextChoices):
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"


class TicketChannel(models.TextChoices):
    """The channels the code itself refers to; the full list, with the names shown, is the
    HotlineChannel table a district edits (区长信箱, 微信 …)."""

    PHONE = "phone", "12345 电话"
    ONLINE = "online", "网上留言"
    COMPLAINT_WINDOW = "complaint_window", "办不成事反映窗口"


class HandlingLevel(models.IntegerChoices):
    """提级办理 — who coordinates the ticket; only ever raised."""

    DEPARTMENT = 1, "承办部门办理"
    DISTRICT = 2, "提级：区级统筹协调"
    LEADERSHIP = 3, "提级：区领导包案"


class SupervisionLevel(models.IntegerChoices):
    """督办 levels; the overdue job starts at 一般督办, the centre may raise it."""

    GENERAL = 1, "一般督办"
    KEY = 2, "重点督办"
    LISTED = 3, "挂牌督办"


class EscalationKind(models.TextChoices):
    SUPERVISE = "supervise", "督办"
    ELEVATE = "elevate", "提级办理"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    UNSATISFIED = "unsatisfied", "不满意"


#: Shown to a department instead of a 举报 reporter's name and phone.
PROTECTED_REPORTER = "（举报人信息已保护）"
