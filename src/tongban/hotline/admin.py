from django.contrib import admin

from .models import HotlineChannel, TicketCategory


@admin.register(TicketCategory)
class TicketCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


@admin.register(HotlineChannel)
class HotlineChannelAdmin(admin.ModelAdmin):
    """来源渠道: a district adds 区长信箱, 微信 … or retires one (is_active) without a release."""

    list_display = ["code", "name", "position", "is_active"]
    list_editable = ["name", "position", "is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # tickets keep the code: retire a channel instead
