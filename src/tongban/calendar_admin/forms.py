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
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise forms.ValidationError("文件不是有效的 UTF-8 JSON。")
        if not isinstance(data, dict):
            raise forms.ValidationError("文件内容应为一个 JSON 对象。")
        return data
