from django import template

from ..registry import KIND_LABELS, SCOPE_LABELS
from ..values import display, typed

register = template.Library()


@register.simple_tag
def rule_display(rule, value) -> str:
    """A typed value in words."""
    return display(rule, value)


@register.simple_tag
def stored_display(rule, value) -> str:
    """A stored (JSON) value in words."""
    return display(rule, typed(rule, value))


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def scope_labels(scopes) -> str:
    return "、".join(SCOPE_LABELS[scope] for scope in scopes)
