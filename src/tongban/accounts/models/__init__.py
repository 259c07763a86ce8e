from .enterprises import Enterprise, EnterpriseAgent
from .organisation import Department, ServiceHall, Window
from .regions import Region
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "Department",
    "Enterprise",
    "EnterpriseAgent",
    "Region",
    "ServiceHall",
    "User",
    "Window",
]
