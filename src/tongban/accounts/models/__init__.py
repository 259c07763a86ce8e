from .enterprises import Enterprise, EnterpriseAgent
from .organisation import Department, ServiceHall, Window
from .regions import Region
from .throttling import AttemptCounter
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "AttemptCounter",
    "Department",
    "Enterprise",
    "EnterpriseAgent",
    "Region",
    "ServiceHall",
    "User",
    "Window",
]
