"""Code lists of 12345 tickets (DOMAIN.md §5, STANDARDS.md §6)."""

from django.db import models


class TicketKind(models.TextChoices):
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"


class TicketChannel(models.TextChoices):
    PHONE = "phone", "12345 电话"
    ONLINE = "online", "网上留言"
    COMPLAINT_WINDOW = "complaint_window", "办不成事反映窗口"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    UNSATISFIED = "unsatisfied", "不满意"


#: Shown to a department instead of a 举报 reporter's name and phone.
PROTECTED_REPORTER = "（举报人信息已保护）"
