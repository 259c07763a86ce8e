"""Code lists of the organisation model (DOMAIN.md §1)."""

from django.db import models


class RegionLevel(models.TextChoices):
    DISTRICT = "district", "区"
    TOWN = "town", "镇（街道）"
    VILLAGE = "village", "村（社区）"


class HallLevel(models.TextChoices):
    """Service places at each level of the three-level system."""

    CENTRE = "centre", "政务服务中心"
    TOWN = "town", "为民服务中心"
    VILLAGE = "village", "为民服务站"


class WindowKind(models.TextChoices):
    GENERAL = "general", "综合窗口"
    DEPARTMENT = "department", "专窗"
    CROSS_REGION = "cross_region", "通办专窗"
    COMPLAINT = "complaint", "办不成事反映窗口"
    SELF_SERVICE = "self_service", "24小时自助区"


class Role(models.TextChoices):
    CITIZEN = "citizen", "申请人（个人）"
    ENTERPRISE = "enterprise", "企业用户"
    INTAKE_CLERK = "intake_clerk", "综合窗口受理人员"
    REVIEWER = "reviewer", "部门审批人员"
    DEPARTMENT_HEAD = "department_head", "部门负责人"
    SUPERVISOR = "supervisor", "中心管理员"
    LEADER = "leader", "区领导"
    INSPECTOR = "inspector", "监管人员"
    HELPER = "helper", "帮办代办员"
    ADMIN = "admin", "系统管理员"
    MERCHANT = "merchant", "商户核销员"
    POLICY_AUDITOR = "policy_auditor", "第三方审核人员"


PUBLIC_ROLES = frozenset({Role.CITIZEN, Role.ENTERPRISE})
# People outside the government who do one job in it (a till that redeems vouchers, an audit firm
# that checks subsidy applications): neither the public nor staff, admitted only where a rule names them.
EXTERNAL_ROLES = frozenset({Role.MERCHANT, Role.POLICY_AUDITOR})
STAFF_ROLES = frozenset(set(Role) - PUBLIC_ROLES - EXTERNAL_ROLES)
DEPARTMENT_ROLES = frozenset({Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.INSPECTOR})


class AgentCapacity(models.TextChoices):
    """In what capacity a person may act for an enterprise."""

    LEGAL_REPRESENTATIVE = "legal_representative", "法定代表人"
    AGENT = "agent", "经办人"
