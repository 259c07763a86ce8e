from datetime import datetime

from django.utils import timezone
from ninja import Field, Schema

from tongban.core.masking import mask_id_number, mask_phone


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")


class DepartmentOut(Schema):
    code: str
    name: str
    short_name: str
    region_code: str = Field(alias="region.code")


class WindowOut(Schema):
    number: str
    name: str
    kind: str
    department_code: str | None = Field(None, alias="department.code")
    is_open: bool


class HallOut(Schema):
    id: int
    name: str
    level: str
    region_code: str = Field(alias="region.code")
    address: str
    windows: list[WindowOut]

    @staticmethod
    def resolve_windows(hall) -> list:
        return list(hall.windows.all())


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=128)
    name: str = Field("", max_length=100, description="令牌用途，便于日后识别")


class TokenOut(Schema):
    token: str = Field(description="只显示一次，请妥善保存")
    expires_at: datetime


class StaffOut(Schema):
    """A person as other staff see them: personal data masked."""

    id: int
    username: str
    display_name: str
    role: str
    department_code: str | None = None
    region_code: str | None = None
    phone: str
    is_locked: bool

    @staticmethod
    def resolve_department_code(user) -> str | None:
        return user.department.code if user.department_id else None

    @staticmethod
    def resolve_region_code(user) -> str | None:
        return user.region.code if user.region_id else None

    @staticmethod
    def resolve_phone(user) -> str:
        return mask_phone(user.phone) if user.phone else ""

    @staticmethod
    def resolve_is_locked(user) -> bool:
        return user.is_locked(timezone.now())


class MeOut(StaffOut):
    real_name: str
    id_number: str

    @staticmethod
    def resolve_id_number(user) -> str:
        return mask_id_number(user.id_number) if user.id_number else ""


class CitizenIn(Schema):
    username: str = Field(min_length=3, max_length=150, pattern=r"^[A-Za-z0-9_.@+-]+$")
    password: str = Field(min_length=1, max_length=128)
    real_name: str = Field(min_length=1, max_length=50)
    id_number: str = Field(description="18 位居民身份证号码（GB 11643）")
    phone: str = Field(pattern=r"^1[3-9]\d{9}$", description="11 位手机号码")


class EnterpriseIn(Schema):
    uscc: str = Field(description="18 位统一社会信用代码（GB 32100）")
    name: str = Field(min_length=1, max_length=200)
    legal_representative: str = Field(min_length=1, max_length=50)


class EnterpriseOut(Schema):
    uscc: str
    name: str
    legal_representative: str


class StaffPage(Schema):
    items: list[StaffOut]
    next_cursor: int | None = Field(None, description="下一页游标；为空表示没有更多")
