from tongban.accounts.constants import Role
from tongban.accounts.policy import ANYONE, only

ACCESS_RULES = {
    "calendar_admin:years": only(Role.ADMIN),
    "api:list_calendar_years": ANYONE,
    "api:compute_deadline": ANYONE,
}
