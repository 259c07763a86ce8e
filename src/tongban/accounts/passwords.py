"""Password rules beyond Django's: at least three of four character classes (等保 2.0 practice)."""

import string

from django.core.exceptions import ValidationError

CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


class CharacterClassValidator:
    required_classes = 3

    def validate(self, password: str, user=None) -> None:
        found = sum(any(ch in chars for ch in password) for chars in CLASSES)
        found += any(not ch.isalnum() for ch in password)
        if found < self.required_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"
