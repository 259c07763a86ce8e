"""规则参数 API: the registry with defaults, sources and overrides; setting an override."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from tongban.accounts.models import Department, Region
from tongban.catalog.models import ServiceItem
from tongban.core.errors import DomainError

from . import services
from .queries import RuleView, rule_views, target_code
from .registry import KIND_LABELS, SCOPE_LABELS
from .values import stored

router = Router(tags=["规则参数"])


class ChoiceOut(Schema):
    value: str
    label: str


class OverrideOut(Schema):
    scope: str = Field(description="district 区 / town 镇（街道） / department 部门 / item 事项")
    scope_label: str
    target: str = Field(description="区划代码、部门编码或事项实施编码")
    value: Any = Field(description="与 default 形式相同")
    effective_from: date = Field(description="自该日（含）起生效；同一范围内取不晚于当日的最近一条")
    reason: str


class RuleOut(Schema):
    code: str
    label: str
    kind: str = Field(description="working_days / natural_days / months / count / percent / amount_yuan / "
                                  "enum / mapping")
    kind_label: str
    entry_kind: str | None = Field(description="mapping 各项取值的类型")
    unit: str
    default: Any = Field(description="整数；百分比与金额为十进制字符串；enum 为选项值；mapping 为对象；"
                                     "null 表示尚未设定")
    current: Any = Field(description="今天全区（不分镇街、部门、事项）的取值，形式同 default")
    source: str = Field(description="取值依据：种子文件条款或标准章节，或默认值的说明")
    scopes: list[str] = Field(description="可设置的范围")
    choices: list[ChoiceOut] = Field(description="enum 的可选值")
    keys: list[ChoiceOut] = Field(description="mapping 的各项")
    min: str | None
    max: str | None
    overrides: list[OverrideOut]


def _rule_out(view: RuleView) -> dict:
    rule = view.rule
    return {
        "code": rule.code, "label": rule.label, "kind": rule.kind, "kind_label": KIND_LABELS[rule.kind],
        "entry_kind": rule.entry_kind, "unit": rule.unit, "default": stored(rule, rule.default),
        "current": stored(rule, view.current), "source": rule.source, "scopes": list(rule.scopes),
        "choices": [{"value": value, "label": label} for value, label in rule.choices],
        "keys": [{"value": str(key), "label": label} for key, label in rule.keys],
        "min": None if rule.min is None else str(rule.min), "max": None if rule.max is None else str(rule.max),
        "overrides": [{"scope": o.scope, "scope_label": SCOPE_LABELS[o.scope], "target": target_code(o),
                       "value": o.value, "effective_from": o.effective_from, "reason": o.reason}
                      for o in view.overrides],
    }


@router.get("/rules", response=list[RuleOut], auth=None, summary="规则参数：默认值、依据与各范围的设置")
def list_rules(request):
    return [_rule_out(view) for view in rule_views(on=timezone.localdate())]


@router.get("/rules/{code}", response=RuleOut, auth=None, summary="一项规则参数")
def get_rule(request, code: str):
    rule = services.find_rule(code)
    return _rule_out(rule_views(on=timezone.localdate(), codes=[rule.code])[0])


class OverrideIn(Schema):
    value: Any = Field(description="整数、十进制字符串、选项值，或 mapping 对象（亦可写作 \"4:10,5:5\"）")
    effective_from: date
    reason: str = Field(max_length=200)
    region: str | None = Field(None, description="区或镇（街道）的区划代码")
    department: str | None = Field(None, description="部门编码")
    item: str | None = Field(None, description="事项实施编码")


def _target(model, field: str, lookup: str, code: str | None, label: str):
    if code is None:
        return None
    found = model.objects.filter(**{lookup: code}).first()
    if found is None:
        raise DomainError("rules.target_not_found", f"未找到{label}“{code}”。", field=field, status=422)
    return found


@router.post("/rules/{code}/overrides", response={201: RuleOut}, summary="设置规则参数（中心管理员、系统管理员）")
def set_rule_override(request, code: str, body: OverrideIn):
    rule = services.find_rule(code)
    services.set_override(
        rule.code, value=body.value, effective_from=body.effective_from, reason=body.reason,
        region=_target(Region, "region", "code", body.region, "区划"),
        department=_target(Department, "department", "code", body.department, "部门"),
        item=_target(ServiceItem, "item", "implementation_code", body.item, "事项"),
        actor=request.user, now=timezone.now())
    return Status(201, _rule_out(rule_views(on=timezone.localdate(), codes=[rule.code])[0]))
