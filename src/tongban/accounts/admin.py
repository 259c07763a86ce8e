from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .forms import AdminLoginForm
from .models import ApiToken, Department, Enterprise, EnterpriseAgent, Region, ServiceHall, User, Window

# The admin site signs in through the login lockout like every other entry point.
admin.site.login_form = AdminLoginForm


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "is_service_management_office"]
    search_fields = ["code", "name"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0


@admin.register(ServiceHall)
class ServiceHallAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region"]
    inlines = [WindowInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "real_name", "role", "department", "region", "is_active"]
    list_filter = ["role", "department"]
    search_fields = ["username", "real_name"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("通办", {"fields": ["role", "real_name", "id_number", "phone", "department", "region",
                            "window", "failed_login_count", "locked_until"]}),
    )


class EnterpriseAgentInline(admin.TabularInline):
    model = EnterpriseAgent
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["uscc", "name", "legal_representative"]
    search_fields = ["uscc", "name"]
    inlines = [EnterpriseAgentInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["key_hash"]
