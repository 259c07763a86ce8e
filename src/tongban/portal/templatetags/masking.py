"""`{{ value|mask:"id_number" }}` — every page masks personal data through tongban.core.masking."""

from django import template

from tongban.core.masking import mask as mask_value

register = template.Library()


@register.filter
def mask(value, kind: str) -> str:
    if not value:
        return ""
    return mask_value(str(value), kind)
