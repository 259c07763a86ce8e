"""Stable error codes of the accounts app."""

from tongban.core.errors import DomainError


class LoginError(DomainError):
    status = 401


INVALID_CREDENTIALS = ("auth.invalid_credentials", "用户名或密码错误。")
