from django import forms

from tongban.accounts.constants import RegionLevel
from tongban.accounts.scopes import departments_for, regions_for
from tongban.catalog.models import ServiceItem

from .registry import Rule
from .values import stored

TARGET_KINDS = (("region", "区划（区或镇街）"), ("department", "部门"), ("item", "事项"))
LEVEL_OF_SCOPE = {"district": RegionLevel.DISTRICT, "town": RegionLevel.TOWN}


def value_as_text(rule: Rule, value) -> str:
    """A typed value as typed into the form: "3", "62.5", "4=10,5=5"."""
    value = stored(rule, value)
    if value is None:
        return ""
    if isinstance(value, dict):
        return ",".join(f"{key}={entry}" for key, entry in value.items())
    return str(value)


class OverrideForm(forms.Form):
    target_kind = forms.ChoiceField(label="适用范围", widget=forms.RadioSelect)
    region = forms.ModelChoiceField(label="区划", queryset=None, required=False, empty_label="（请选择）")
    department = forms.ModelChoiceField(label="部门", queryset=None, required=False, empty_label="（请选择）")
    item = forms.CharField(label="事项实施编码", max_length=64, required=False)
    value = forms.CharField(label="取值", max_length=500, required=False)
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}),
                                     error_messages={"required": "请填写生效日期。", "invalid": "日期格式应为 年-月-日。"})
    reason = forms.CharField(label="依据或理由", max_length=200, required=False,
                             help_text="如考核方案、文件文号；将记入审计日志。")

    def __init__(self, *args, rule: Rule, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        levels = [LEVEL_OF_SCOPE[scope] for scope in rule.scopes if scope in LEVEL_OF_SCOPE]
        kinds = [(kind, label) for kind, label in TARGET_KINDS
                 if (kind == "region" and levels) or kind in rule.scopes]
        self.fields["target_kind"].choices = kinds
        self.fields["target_kind"].initial = kinds[0][0]
        self.fields["region"].queryset = regions_for(user).filter(level__in=levels)
        self.fields["department"].queryset = departments_for(user).select_related("region")
        for kind in ("region", "department", "item"):
            if kind not in dict(kinds):
                del self.fields[kind]
        if rule.kind == "enum":
            self.fields["value"] = forms.ChoiceField(label="取值", choices=rule.choices)
        elif rule.kind == "mapping":
            keys = "，".join(f"{key}={label}" for key, label in rule.keys)
            self.fields["value"].help_text = f"按“项=数值”填写，逗号分隔（{keys}），单位：{rule.unit}。"
        else:
            self.fields["value"].help_text = f"单位：{rule.unit}。" if rule.unit else ""

    def clean(self):
        data = super().clean()
        kind = data.get("target_kind")
        if kind == "region" and not data.get("region"):
            self.add_error("region", "请选择区划。")
        elif kind == "department" and not data.get("department"):
            self.add_error("department", "请选择部门。")
        elif kind == "item":
            code = (data.get("item") or "").strip()
            item = ServiceItem.objects.filter(implementation_code=code).select_related("region").first() if code else None
            if item is None:
                self.add_error("item", "请填写已有事项的实施编码。" if not code else f"未找到实施编码为“{code}”的事项。")
            data["item_object"] = item
        return data

    def target(self) -> dict:
        kind = self.cleaned_data["target_kind"]
        if kind == "region":
            return {"region": self.cleaned_data["region"]}
        if kind == "department":
            return {"department": self.cleaned_data["department"]}
        return {"item": self.cleaned_data["item_object"]}
