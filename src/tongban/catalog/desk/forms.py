"""Forms of the department's drafting desk: the main elements and the materials of a version."""

from django import forms

from ..constants import CaseKind, MaterialForm, MaterialMedium, TimeUnit
from ..models import LicenseType

GUIDE_FORM_FIELDS = [
    "name", "legal_basis", "statutory_limit", "statutory_unit", "promised_limit", "promised_unit",
    "case_kind", "result_name", "can_apply_online", "fully_online", "visits", "mobile", "kiosk",
    "window_acceptance", "negative_list", "negative_list_reason", "consultation_phone",
    "commitment_content", "commitment_liability",
]


class GuideForm(forms.Form):
    expected_revision = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="事项名称", max_length=200)
    legal_basis = forms.CharField(label="设定依据", widget=forms.Textarea(attrs={"rows": 3}))
    statutory_limit = forms.IntegerField(label="法定办结时限", min_value=0)
    statutory_unit = forms.ChoiceField(label="法定时限单位", choices=TimeUnit.choices)
    promised_limit = forms.IntegerField(label="承诺办结时限", min_value=0)
    promised_unit = forms.ChoiceField(label="承诺时限单位", choices=TimeUnit.choices)
    case_kind = forms.ChoiceField(label="办件类型", choices=CaseKind.choices)
    result_name = forms.CharField(label="办理结果名称", max_length=200)
    can_apply_online = forms.BooleanField(label="可网办", required=False)
    fully_online = forms.BooleanField(label="全程网办", required=False)
    visits = forms.IntegerField(label="到现场次数", min_value=0)
    mobile = forms.BooleanField(label="掌上办", required=False)
    kiosk = forms.BooleanField(label="自助办", required=False)
    window_acceptance = forms.BooleanField(label="纳入综合窗口受理", required=False)
    negative_list = forms.BooleanField(label="列入网办负面清单", required=False)
    negative_list_reason = forms.CharField(label="不能网办的理由", max_length=300, required=False)
    consultation_phone = forms.CharField(label="咨询电话", max_length=50, required=False)
    commitment_content = forms.CharField(label="告知承诺书内容", required=False, max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 4}),
                                         help_text="有材料可告知承诺替代时必填，申请人签署的即是此文本。")
    commitment_liability = forms.CharField(label="违反承诺的法律责任", required=False, max_length=2000,
                                           widget=forms.Textarea(attrs={"rows": 3}))


class MaterialRowForm(forms.Form):
    name = forms.CharField(label="材料名称", max_length=200, required=False)
    form = forms.ChoiceField(label="形式", choices=MaterialForm.choices, initial=MaterialForm.ORIGINAL)
    count = forms.IntegerField(label="份数", min_value=1, initial=1)
    medium = forms.ChoiceField(label="载体", choices=MaterialMedium.choices, initial=MaterialMedium.PAPER)
    is_required = forms.BooleanField(label="必要", required=False, initial=True)
    is_waivable = forms.BooleanField(label="可容缺", required=False)
    license_type = forms.ChoiceField(label="可用电子证照", required=False)
    commitment_allowed = forms.BooleanField(label="可告知承诺", required=False)
    DELETE = forms.BooleanField(label="删除", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["license_type"].choices = [("", "—")] + list(
            LicenseType.objects.values_list("code", "name")
        )


MaterialFormSet = forms.formset_factory(MaterialRowForm, extra=1)
