"""Page forms of 好差评: they parse the input; the rules stay in services."""

from django import forms

from .constants import SUGGESTED_TAGS, Level
from .models import BadRatingCategory


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(label="评价等级", choices=Level.choices, coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": "请选择评价等级。"})
    tags = forms.MultipleChoiceField(label="评价标签（可多选）", required=False,
                                     choices=[(tag, tag) for tag in SUGGESTED_TAGS],
                                     widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(label="差评分类（不满意、非常不满意时选择，可多选）", required=False,
                                           widget=forms.CheckboxSelectMultiple)
    comment = forms.CharField(label="评价内容", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="不满意、非常不满意请选择差评分类或写明原因，我们将限期整改并答复您。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = list(
            BadRatingCategory.objects.filter(is_active=True).values_list("code", "name"))

    def field_of(self, name: str | None) -> str | None:
        return name if name in self.fields else None


class ApplicantRatingForm(RatingForm):
    anonymous = forms.BooleanField(label="匿名评价（部门看不到您的身份，整改结果无法答复到您）", required=False)


class AnswerForm(forms.Form):
    fix_description = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    answer_to_rater = forms.CharField(label="答复评价人", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def field_of(self, name: str | None) -> str | None:
        return name if name in self.fields else None


class VerifyForm(forms.Form):
    accepted = forms.TypedChoiceField(label="核实结论", choices=[("1", "整改到位"), ("0", "退回重新整改")],
                                      coerce=lambda value: value == "1", widget=forms.RadioSelect, initial="1")
    note = forms.CharField(label="核实意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def field_of(self, name: str | None) -> str | None:
        return name if name in self.fields else None


class CallbackForm(forms.Form):
    satisfied = forms.TypedChoiceField(label="回访结果", choices=[("1", "满意"), ("0", "不满意")],
                                       coerce=lambda value: value == "1", widget=forms.RadioSelect,
                                       error_messages={"required": "请选择回访结果。"})
    note = forms.CharField(label="回访记录", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "请填写回访记录。"})

    def field_of(self, name: str | None) -> str | None:
        return name if name in self.fields else None


class AppealForm(forms.Form):
    reason = forms.CharField(label="申诉理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="误评、恶意差评等情况，写明事实和依据，由中心复核。",
                             error_messages={"required": "请写明申诉理由。"})

    def field_of(self, name: str | None) -> str | None:
        return name if name in self.fields else None


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(label="复核结论", choices=[("1", "申诉成立（该差评不计入评价指标）"),
                                                           ("0", "申诉不成立（差评保留）")],
                                    coerce=lambda value: value == "1", widget=forms.RadioSelect,
                                    error_messages={"required": "请选择复核结论。"})
    note = forms.CharField(label="复核意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "请填写复核意见。"})

    def field_of(self, name: str | None) -> str | None:
        return name if name in self.fields else None
