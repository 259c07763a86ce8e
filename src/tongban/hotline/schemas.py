from ninja import Field, Schema


class TicketIn(Schema):
    kind: str = Field(max_length=12, description="consult 咨询 / help 求助 / complaint 投诉 / report 举报 / suggestion 建议")
    category: str = Field(max_length=20, description="诉求分类编码")
    channel: str = Field("phone", max_length=20, description="来源渠道编码（12345 来源渠道表：phone、mayor_mailbox …）")
    caller_name: str = Field(max_length=50)
    caller_phone: str = Field(max_length=20)
    content: str = Field(max_length=4000)
    region: str = Field(max_length=12, description="事发区划代码")
    related_case: str = Field("", max_length=50, description="关联办件编号（办不成事反映）")
    enterprise_uscc: str = Field("", max_length=18, description="企业诉求：企业统一社会信用代码")
    enterprise_name: str = Field("", max_length=200, description="企业诉求：企业名称")
    is_emergency: bool = Field(False, description="应急工单：当日时限，排在队列最前")


class OnlineTicketIn(Schema):
    kind: str = Field(max_length=12)
    category: str = Field(max_length=20)
    content: str = Field(max_length=4000)
    region: str = Field(max_length=12)
    related_case: str = Field("", max_length=50)


class TicketActionOut(Schema):
    action: str
    label: str


class TicketEscalationOut(Schema):
    kind: str
    kind_label: str
    level: int
    level_label: str
    reason: str
    actor: str
    at: str


class TicketOut(Schema):
    number: str
    kind: str
    kind_label: str
    category: str
    category_name: str
    channel: str
    channel_label: str
    is_emergency: bool
    is_enterprise: bool
    enterprise_uscc: str | None
    enterprise_name: str | None
    handling_level: int
    handling_level_label: str
    supervision_level: int
    supervision_level_label: str | None
    caller_name: str
    caller_phone: str
    content: str
    region: str
    region_name: str
    related_case: str | None
    department: str | None
    department_name: str | None
    status: str
    status_label: str
    row_version: int
    created_at: str
    due_at: str | None
    due_at_provisional: bool = Field(description="时限落入尚未发布节假日安排的年份（暂定），发布后重算")
    due_label: str = Field(description="办理时限的本地日期时间，暂定时注明")
    return_count: int
    reply: str
    replied_at: str | None
    satisfaction: str | None
    reopened_count: int
    escalated: bool
    extension_days: int
    callback_due_at: str | None
    callback_at: str | None
    callback_overdue: bool
    escalations: list[TicketEscalationOut]
    merged_into: str | None
    actions: list[TicketActionOut]


class TicketTransitionIn(Schema):
    action: str = Field(max_length=40)
    expected_version: int | None = None
    reason: str = Field("", max_length=2000)
    reply: str = Field("", max_length=4000)
    department: str = Field("", max_length=32, description="派单 / 改派 的部门编码")
    extension_days: int | None = None


class TicketRowOut(Schema):
    number: str
    kind_label: str
    category_name: str
    status: str
    status_label: str
    department_name: str | None
    due_at: str | None
    due_at_provisional: bool
    due_label: str
    escalated: bool
    is_emergency: bool
    is_enterprise: bool
    supervision_level: int
    callback_overdue: bool


class TicketPageOut(Schema):
    items: list[TicketRowOut]
    next_cursor: str | None = Field(description="下一页游标（after 参数）；应急工单在前")


class DuplicateOut(Schema):
    number: str
    similarity: float
    status_label: str
    content: str
    created_at: str


class TicketEscalateIn(Schema):
    level: int = Field(description="督办：1 一般督办 / 2 重点督办 / 3 挂牌督办；提级：2 区级统筹协调 / 3 区领导包案")
    reason: str = Field(max_length=2000)
    expected_version: int | None = None


class MergeIn(Schema):
    duplicates: list[str] = Field(max_length=50)
    expected_version: int | None = None


class StatsRowOut(Schema):
    department: str
    month: str
    volume: int
    replied: int
    on_time_rate: float | None
    callbacks: int
    satisfaction_rate: float | None
    returns: int


class StatsOut(Schema):
    rows: list[StatsRowOut]
    total: StatsRowOut
