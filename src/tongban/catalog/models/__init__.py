from .codes import ItemType, LicenseType, Theme
from .elements import AcceptanceCondition, Fee, Material, SpecialProcedure, Step
from .items import BasicItem, ServiceItem
from .review import ReviewRecord
from .search import SearchGram
from .versions import ServiceItemVersion

__all__ = [
    "AcceptanceCondition",
    "BasicItem",
    "Fee",
    "ItemType",
    "LicenseType",
    "Material",
    "ReviewRecord",
    "SearchGram",
    "ServiceItem",
    "ServiceItemVersion",
    "SpecialProcedure",
    "Step",
    "Theme",
]
