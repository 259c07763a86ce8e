from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from tongban.dict_schemas import DictSchema


class ApplicantIn(Schema):
    kind: str = Field(description="person 自然人 / enterprise 法人")
    name: str = Field(max_length=200)
    code: str = Field(description="居民身份证号或统一社会信用代码")
    phone: str = Field(pattern=r"^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")


class MaterialIn(Schema):
    material_id: int
    provision: str = Field(description="submitted / license / shared_data / commitment / waived / missing")
    file_id: UUID | None = Field(None, description="provision=submitted 时：本人上传且未用于其他办件的文件 id")


class CommitmentIn(Schema):
    signed_name: str = Field(min_length=1, max_length=200, description="承诺人签名")
    text: str = Field("", max_length=2000, description="容缺：补交材料的承诺（留空则用标准表述）；告知承诺以事项公布的承诺书为准")
    due_date: date | None = Field(None, description="容缺：承诺补交日期")
    template_version: int | None = Field(
        None, description="告知承诺：所签署承诺书的办事指南版本号（GET /catalog/items/{code} 的 version）")


class CaseIn(Schema):
    item_code: str = Field(description="实施编码")
    channel: str = Field("online", description="online / mobile / window / kiosk / helper")
    applicant: ApplicantIn | None = Field(None, description="窗口或帮办代办时录入；网上申办时取自账号")
    enterprise_uscc: str = Field("", description="企业经办人网上申办时，代表的企业")
    materials: list[MaterialIn] = []
    commitment: CommitmentIn | None = None
    form_data: dict[str, Any] = {}


class MaterialOut(Schema):
    material_id: int = Field(description="目录材料 id（补正、补交容缺材料时引用）")
    name: str
    provision: str
    file_id: UUID | None


DEADLINE_STATUS_HELP = ("normal 正常 / yellow 黄牌 / red 红牌 / paused 暂停计时 / none 未计时 / "
                        "on_time 按时办结 / late 超期办结（按决定日判断）")


class PauseOut(Schema):
    kind: str = Field(description="correction 补正 / special 特别程序 / suspension 中止 / extension 延长审批")
    procedure: str
    started_on: date
    ended_on: date | None
    max_duration: int | None = Field(description="特别程序最长时限；延长审批延长的天数")
    unit: str = Field(description="working 工作日 / calendar 自然日")


class TaskOut(Schema):
    department_code: str
    department_name: str
    is_lead: bool
    status: str
    opinion: str


class NoticeOut(Schema):
    kind: str
    number: str
    issued_at: datetime
    verification_code: str


class CaseActionOut(DictSchema):
    action: str
    label: str


class CaseOut(Schema):
    number: str
    item_code: str
    item_name: str
    item_version: int
    department_code: str
    status: str
    status_label: str
    row_version: int
    channel: str
    applicant_name: str
    applicant_code: str = Field(description="已脱敏")
    submitted_at: datetime
    accepted_on: date | None
    due_date: date | None
    due_date_provisional: bool = Field(description="期限跨入尚未发布节假日安排的年份，为暂定")
    deadline_status: str = Field(description=DEADLINE_STATUS_HELP)
    is_paused: bool
    paused_until: date | None = Field(description="特别程序最长时限届满日：此后恢复计时")
    decision: str
    precheck: dict[str, Any]
    materials: list[MaterialOut]
    pauses: list[PauseOut]
    tasks: list[TaskOut]
    notices: list[NoticeOut]
    available_actions: list[CaseActionOut]


class TransitionOut(DictSchema):
    """The case after a transition — enough to continue; GET /cases/{number} has the rest."""

    number: str
    status: str
    status_label: str
    row_version: int
    accepted_on: date | None
    due_date: date | None
    due_date_provisional: bool
    deadline_status: str = Field(description=DEADLINE_STATUS_HELP)
    is_paused: bool
    decision: str
    available_actions: list[CaseActionOut]


class CasePickupIn(DictSchema):
    """领取: who collects the result and the identity check the window clerk made."""

    collector_kind: str = Field(description="self 申请人本人 / agent 受托代领人")
    collector_name: str = Field(max_length=100)
    id_type: str = Field(description="resident_id 居民身份证 / passport 护照 / hmt_permit 港澳台居民证件")
    id_number: str = Field(max_length=40, description="只保存脱敏号码与不可还原的摘要")
    id_checked: bool = Field(description="已核验证件原件")
    authorisation: str = Field("", max_length=200, description="代领：授权委托书编号或说明")


class CaseTransitionIn(DictSchema):
    action: str
    expected_version: int | None = Field(None, description="读取时的 row_version；不一致返回 409")
    reason: str = Field("", max_length=2000)
    legal_basis: str = Field("", max_length=2000)
    materials: list[str] = Field([], description="补正：一次性列明的全部材料")
    procedure: str = Field("", description="特别程序种类")
    delivery: str = Field("", description="window / post / electronic")
    pickup: CasePickupIn | None = Field(None, description="领取（pick_up）时必填")


class TaskIn(Schema):
    approve: bool
    opinion: str = Field("", max_length=2000)


class QueueRow(Schema):
    number: str
    item_name: str
    applicant_name: str
    status: str
    submitted_at: datetime
    due_date: date | None
    due_date_provisional: bool
    deadline_status: str


class QueuePageOut(Schema):
    items: list[QueueRow]
    next_cursor: str | None


class FileOut(Schema):
    id: UUID = Field(validation_alias="public_id", description="文件 id（不可猜测；申报、补正、补交时引用）")
    original_name: str
    content_type: str
    size: int


class MyCasesOut(Schema):
    items: list[QueueRow]
    next_cursor: int | None


class TimelineEntry(Schema):
    at: datetime
    action: str
    label: str
    status_label: str


class TrackOut(Schema):
    number: str
    item_name: str
    department_name: str
    status_label: str
    submitted_at: datetime
    due_date: date | None
    timeline: list[TimelineEntry]
