"""Code lists of the catalog (DOMAIN.md §2; GB/T 39046-2020 附录A where it has one)."""

from django.db import models


class ItemLevel(models.TextChoices):
    """行使层级 (GB/T 39046 表A)."""

    NATIONAL = "1", "国家级"
    PROVINCIAL = "2", "省级"
    MUNICIPAL = "3", "市级"
    COUNTY = "4", "县级"
    TOWN = "5", "镇（乡、街道）级"
    VILLAGE = "6", "村（社区）级"


class ItemKind(models.TextChoices):
    """主项 / 子项 / 业务办理项."""

    MAIN = "main", "主项"
    SUB = "sub", "子项"
    BUSINESS = "business", "业务办理项"


class ServiceObject(models.TextChoices):
    """服务对象 (GB/T 39046 表A)."""

    NATURAL_PERSON = "1", "自然人"
    ENTERPRISE = "2", "企业法人"
    PUBLIC_INSTITUTION = "3", "事业法人"
    SOCIAL_ORGANISATION = "4", "社会组织法人"
    GOVERNMENT = "5", "行政机关"
    OTHER = "6", "其他组织"


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working", "工作日"
    CALENDAR_DAY = "calendar", "自然日"


class CaseKind(models.TextChoices):
    """办件类型."""

    IMMEDIATE = "immediate", "即办件"
    PROMISED = "promised", "承诺件"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    ORIGINAL_AND_COPY = "both", "原件和复印件"


class MaterialMedium(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    EITHER = "either", "纸质或电子"


class MaterialSource(models.TextChoices):
    """How a material may be obtained instead of from the applicant (免提交)."""

    APPLICANT = "applicant", "申请人提交"
    LICENSE = "license", "电子证照调用"
    SHARED_DATA = "shared_data", "数据共享获取"
    COMMITMENT = "commitment", "告知承诺替代"


class SpecialProcedureKind(models.TextChoices):
    """特别程序 — time spent in them does not count against the limit (延长审批: the limit is
    extended by its days instead)."""

    EXTENSION = "extension", "延长审批"
    SITE_INSPECTION = "site_inspection", "现场勘验"
    HEARING = "hearing", "听证"
    TENDER = "tender", "招标"
    AUCTION = "auction", "拍卖"
    INSPECTION = "inspection", "检验"
    TESTING = "testing", "检测"
    QUARANTINE = "quarantine", "检疫"
    APPRAISAL = "appraisal", "鉴定"
    EXPERT_REVIEW = "expert_review", "专家评审"
    PUBLICITY = "publicity", "公示"


class NearHomeLevel(models.TextChoices):
    """就近办: the lowest level where the item can be handled."""

    NONE = "", "不支持就近办"
    TOWN = "town", "镇（街道）可办"
    VILLAGE = "village", "村（社区）可办"


class CrossRegionScope(models.TextChoices):
    """通办 scope."""

    NONE = "", "不支持通办"
    DISTRICT = "district", "全区通办"
    CITY = "city", "全市通办"
    PROVINCE = "province", "全省通办"
    NATIONAL = "national", "跨省通办"


class ResultKind(models.TextChoices):
    LICENSE = "license", "证照"
    APPROVAL = "approval", "批准文书"
    CERTIFICATE = "certificate", "证明"
    OTHER = "other", "其他"


class VersionStatus(models.TextChoices):
    """Lifecycle of one version of an item (draft → joint review → published → superseded)."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待联合审核"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"
    RETIRED = "retired", "已取消"


class StepRole(models.TextChoices):
    """Who performs a step of the 办理流程."""

    APPLICANT = "applicant", "申请人"
    INTAKE = "intake", "受理"
    REVIEW = "review", "审查"
    DECISION = "decision", "决定"
    ISSUE = "issue", "制证送达"


class Audience(models.TextChoices):
    CITIZEN = "citizen", "个人"
    ENTERPRISE = "enterprise", "法人"
