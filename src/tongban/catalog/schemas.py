"""API shapes of the guide (办事指南); the field set mirrors tongban.catalog.guide."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class ConditionSchema(Schema):
    text: str
    rule: dict[str, Any] | None = None


class MaterialSchema(Schema):
    name: str
    form: str = Field(description="original 原件 / copy 复印件 / both")
    count: int = 1
    medium: str = Field(description="paper / electronic / either")
    is_required: bool = True
    is_waivable: bool = Field(False, description="可容缺")
    license_type: str = Field("", description="可由该类型电子证照替代（证照类型代码）")
    shared_data_source: str = Field("", description="可由共享数据获取（数据来源）")
    commitment_allowed: bool = Field(False, description="可告知承诺替代")
    notes: str = ""


class StepSchema(Schema):
    name: str
    role: str
    description: str = ""


class SpecialProcedureSchema(Schema):
    kind: str
    max_duration: int
    unit: str
    description: str = ""


class FeeSchema(Schema):
    name: str
    standard: str
    basis: str


class GuideSchema(Schema):
    """Every element of an item version (DOMAIN.md §2)."""

    name: str
    item_type: str = Field(description="事项类型代码，如 01 行政许可")
    legal_basis: str
    implementation_basis: str = ""
    service_objects: list[str] = Field(description="服务对象代码：1 自然人 2 企业法人 …")
    statutory_limit: int
    statutory_unit: str = Field(description="working 工作日 / calendar 自然日")
    promised_limit: int
    promised_unit: str
    case_kind: str = Field(description="immediate 即办件 / promised 承诺件")
    is_free: bool = True
    result_kind: str
    result_name: str
    result_license_type: str = ""
    intermediary_services: str = ""
    quantity_limit: str = ""
    annual_inspection: str = ""
    can_apply_online: bool = False
    fully_online: bool = False
    visits: int = 1
    mobile: bool = False
    kiosk: bool = False
    near_home_level: str = ""
    cross_region_scope: str = ""
    window_acceptance: bool = True
    negative_list: bool = False
    negative_list_reason: str = ""
    consultation_phone: str = ""
    workflow_code: str = Field("", description="办理流程编码；空为按办件类型默认")
    commitment_content: str = Field("", description="告知承诺书内容（有材料可告知承诺替代时必填）")
    commitment_liability: str = Field("", description="告知承诺书：违反承诺应承担的法律责任")
    co_departments: list[str] = Field([], description="并联审批部门编码")
    themes: list[str] = []
    conditions: list[ConditionSchema] = []
    materials: list[MaterialSchema] = []
    steps: list[StepSchema] = []
    special_procedures: list[SpecialProcedureSchema] = []
    fees: list[FeeSchema] = []


class ItemSummary(Schema):
    implementation_code: str
    basic_code: str
    name: str
    item_type: str
    department_code: str
    department_name: str
    region_code: str
    level: str
    case_kind: str
    promised_limit: int
    promised_unit: str
    can_apply_online: bool
    fully_online: bool
    visits: int
    version: int


class ItemPage(Schema):
    items: list[ItemSummary]
    next_cursor: str | None = Field(None, description="下一页游标（检索时为“相关度-实施编码”，否则为实施编码）；为空表示没有更多")


class PublishedMaterial(MaterialSchema):
    id: int = Field(description="材料 id：申报办件时在 materials[].material_id 中引用")


class PublishedGuideContent(GuideSchema):
    materials: list[PublishedMaterial] = []


class PublishedGuide(Schema):
    implementation_code: str
    basic_code: str
    department_code: str
    department_name: str
    region_code: str
    level: str
    version: int
    status: str
    published_at: datetime | None
    guide: PublishedGuideContent
    versions: list[int] = Field(description="所有已发布过的版本号")


class VersionOut(Schema):
    id: int
    implementation_code: str
    number: int
    status: str
    revision: int
    guide: GuideSchema
    reviews: list[dict[str, Any]]


class CreateItemIn(Schema):
    basic_code: str
    department_code: str
    region_code: str
    business_item_number: str = Field("00", pattern=r"^\d{2}$")
    guide: GuideSchema


class SaveDraftIn(Schema):
    expected_revision: int = Field(description="读取时的修改计数；不一致表示他人已修改")
    guide: GuideSchema


class CommentIn(Schema):
    comment: str = ""
