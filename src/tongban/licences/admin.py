"""Admin: licence types are data a district edits; licences and keys are shown read-only (no
private key, not even encrypted)."""

from django.contrib import admin

from .models import IssuerKey, Licence, LicenceType


@admin.register(LicenceType)
class LicenceTypeAdmin(admin.ModelAdmin):
    list_display = ("catalog_type", "code", "holder_kind", "validity_unit", "validity_length", "is_active")
    filter_horizontal = ("issuer_departments",)
    readonly_fields = ("code", "result_of_items", "replaces_materials")
    search_fields = ("catalog_type__name", "catalog_type__code")

    @admin.display(description="证照类型代码")
    def code(self, obj):
        return obj.code

    @admin.display(description="办理结果为该证照的事项")
    def result_of_items(self, obj):
        from tongban.catalog.models import ServiceItemVersion

        names = (ServiceItemVersion.objects.filter(result_license_type_id=obj.pk)
                 .values_list("item__basic_item__name", flat=True).distinct())
        return "、".join(sorted({n for n in names if n})) or "—"

    @admin.display(description="可替代的申请材料")
    def replaces_materials(self, obj):
        from tongban.catalog.models import Material

        names = Material.objects.filter(license_type_id=obj.pk).values_list("name", flat=True).distinct()
        return "、".join(sorted(set(names))) or "—"


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ("key_id", "department", "algorithm", "created_at", "retired_at")
    fields = ("key_id", "department", "algorithm", "public_key", "created_at", "retired_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ("identifier", "licence_type", "holder_name", "issuer", "status", "valid_until")
    list_filter = ("status",)
    search_fields = ("identifier",)
    exclude = ("holder_code",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "holder_code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
