import json

from django import forms


class YearFileForm(forms.Form):
    file = forms.FileField(label="年度日历文件（JSON）")

    def clean_file(self) -> dict:
        upload = self.cleaned_data["file"]
        if upload.size > 256 * 1024:
            raise forms.ValidationError("文件过大：日历文件不应超过 256 KB。")
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise forms.ValidationError("文件不是有效的 UTF-8 JSON。") from error
        if not isinstance(data, dict):
            raise forms.ValidationError("文件内容应为一个 JSON 对象。")
        return data


class ClosureForm(forms.Form):
    """One 地方性休息日 decision for a region: its name, the document that decided it, the days."""

    region = forms.ModelChoiceField(label="区划", queryset=None, empty_label=None)
    name = forms.CharField(label="名称", max_length=100, help_text="例如：防汛停止对外办公")
    source = forms.CharField(label="决定依据", max_length=200, help_text="发布该休息日的文件或通知文号")
    days = forms.CharField(label="日期", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="每行一个日期（YYYY-MM-DD），或用逗号分隔")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
