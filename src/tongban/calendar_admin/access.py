from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

ACCESS_RULES = {
    "calendar_admin:years": only(Role.ADMIN),
    # 地方性休息日: 中心管理员 for their region and below (checked in the service), 系统管理员 anywhere
    "calendar_admin:closures": only(Role.SUPERVISOR, Role.ADMIN),
    "api:list_calendar_years": ANYONE,
    "api:compute_deadline": ANYONE,
}
