from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from tongban.core.checkdigits import InvalidCheckDigitCode, validate_id_number

from .errors import LoginError
from .services import login_with_lockout


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)


class CitizenRegistrationForm(forms.Form):
    username = forms.RegexField(
        label="用户名", regex=r"^[A-Za-z0-9_.@+-]{3,150}$",
        error_messages={"invalid": "用户名为 3 位以上的字母、数字或 _.@+- 符号。"},
    )
    real_name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="居民身份证号码", max_length=18, min_length=18)
    phone = forms.RegexField(
        label="手机号码", regex=r"^1[3-9]\d{9}$", error_messages={"invalid": "请输入 11 位手机号码。"}
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)
    password_again = forms.CharField(label="确认密码", widget=forms.PasswordInput, max_length=128)

    def clean_id_number(self) -> str:
        try:
            return validate_id_number(self.cleaned_data["id_number"])
        except InvalidCheckDigitCode as error:
            raise forms.ValidationError(error.message, code=error.code) from error

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "两次输入的密码不一致。")
        return data


class AdminLoginForm(AdminAuthenticationForm):
    """The admin site's login form, checked by the same lockout as every other way in, and
    telling a locked account so, as the login page does (authenticate() can only say no)."""

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = login_with_lockout(username, password, now=timezone.now())
            except LoginError as refused:
                raise ValidationError(refused.message, code=refused.code) from refused
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
