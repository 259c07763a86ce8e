"""Code lists of cases (DOMAIN.md §3)."""

from django.db import models

from .states import states_tagged


class Channel(models.TextChoices):
    ONLINE = "online", "网上申办"
    MOBILE = "mobile", "掌上办"
    WINDOW = "window", "综合窗口"
    KIOSK = "kiosk", "自助终端"
    HELPER = "helper", "帮办代办"


ONLINE_CHANNELS = (Channel.ONLINE, Channel.MOBILE)


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    ENTERPRISE = "enterprise", "法人"


class Provision(models.TextChoices):
    """How a required material reached the case."""

    SUBMITTED = "submitted", "申请人提交"
    LICENSE = "license", "电子证照复用"
    SHARED_DATA = "shared_data", "数据共享获取"
    COMMITMENT = "commitment", "告知承诺替代"
    WAIVED = "waived", "容缺后补"
    MISSING = "missing", "缺少"


class PauseKind(models.TextChoices):
    CORRECTION = "correction", "补正"
    SPECIAL = "special", "特别程序"
    SUSPENSION = "suspension", "中止"
    # 延长审批: no pause but more days (max_duration, unit) of the limit, approved by the head
    EXTENSION = "extension", "延长审批"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "待办"
    APPROVED = "approved", "同意"
    DENIED = "denied", "不同意"


class Delivery(models.TextChoices):
    WINDOW = "window", "综合窗口领取"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"


class CollectorKind(models.TextChoices):
    SELF = "self", "申请人本人"
    AGENT = "agent", "受托代领人"


class IdDocumentType(models.TextChoices):
    """The certificate a collector shows; only the 居民身份证 has a check digit to verify."""

    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_TAIWAN = "hmt_permit", "港澳台居民居住证或通行证"


class DeadlineStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"
    PAUSED = "paused", "暂停计时"
    NONE = "none", "未计时"
    ON_TIME = "on_time", "按时办结"
    LATE = "late", "超期办结"


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", "受理通知书"
    CORRECTION = "correction", "补正材料告知书"
    REJECTION = "rejection", "不予受理决定书"
    APPROVAL = "approval", "准予许可决定书"
    DENIAL = "denial", "不予许可决定书"
    SPECIAL_PROCEDURE = "special", "特别程序告知书"


class CommitmentKind(models.TextChoices):
    WAIVER = "waiver", "容缺受理承诺"
    NOTIFICATION = "notification", "告知承诺"


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", "待核查"
    FULFILLED = "fulfilled", "已履行"
    BROKEN = "broken", "未履行"


# States in which a case is being worked on with its clock running or paused: the department
# queue's 办理中 tab, ordered by due date (and served by a partial index on exactly these).
IN_PROGRESS_STATUSES = states_tagged("in_progress")
