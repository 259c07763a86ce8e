"""Code lists of 好差评 (DOMAIN.md §5, STANDARDS.md §4)."""

from django.db import models

from tongban.cases.states import states_tagged


class Level(models.IntegerChoices):
    """评价等级 — GB/T 39046 表A.8: code 1 is the best, 5 the worst."""

    VERY_SATISFIED = 1, "非常满意"
    SATISFIED = 2, "满意"
    BASICALLY_SATISFIED = 3, "基本满意"
    DISSATISFIED = 4, "不满意"
    VERY_DISSATISFIED = 5, "非常不满意"


GOOD_LEVELS = frozenset({Level.VERY_SATISFIED, Level.SATISFIED})  # 好评
BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})  # 差评
STARS = {1: 5, 2: 4, 3: 3, 4: 2, 5: 1}


class RatingChannel(models.TextChoices):
    WINDOW_DEVICE = "window_device", "窗口评价器"
    ONLINE = "online", "网上"
    MOBILE = "mobile", "移动端"
    SMS = "sms", "短信"
    HOTLINE = "hotline", "12345热线"


class SubjectKind(models.TextChoices):
    """What is rated (STANDARDS.md §4: the 事项/办件, the agency, the platform, the staff member)."""

    CASE = "case", "办件"
    CONSULTATION = "consultation", "咨询"
    TICKET = "ticket", "12345 工单"
    PLATFORM = "platform", "政务服务平台"


class RectificationStatus(models.TextChoices):
    OPEN = "open", "待整改"
    ANSWERED = "answered", "已整改待核实"
    VERIFIED = "verified", "已核实待回访"
    CLOSED = "closed", "已办结"
    ESCALATED = "escalated", "已升级督办"
    CANCELLED = "cancelled", "申诉成立已撤销"


class AppealStatus(models.TextChoices):
    """申诉复核 of a 差评 the rated staff consider 误评 or 恶意差评 (STANDARDS.md §4)."""

    PENDING = "pending", "待复核"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"


#: Case statuses after which a case can be rated (办结 or 不予受理).
RATABLE_CASE_STATUSES = frozenset(states_tagged("ratable"))  # the workflow data says which
#: Ticket statuses after which the caller can rate the ticket.
RATABLE_TICKET_STATUSES = frozenset({"closed"})
#: Tags offered on the forms (附录A-style 差评 content); free tags are accepted too.
SUGGESTED_TAGS = ("办事效率", "服务态度", "办事指南", "材料要求", "等候时间", "平台操作")
