from django.contrib import admin

from .models import RuleOverride


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    """Read-only: a change goes through the 规则参数 page (validated and audited)."""

    list_display = ("code", "scope", "region", "department", "item", "value", "effective_from", "created_at")
    list_filter = ("scope", "code")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
