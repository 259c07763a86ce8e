from django.contrib import admin

from .aggregation import TABLES


class CountAdmin(admin.ModelAdmin):
    """The count tables are kept by the consumers alone: readable here, never edited."""

    date_hierarchy = "day"
    list_select_related = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for tables in TABLES.values():
    for model in (tables.daily, tables.monthly):
        admin.site.register(model, type(f"{model.__name__}Admin", (CountAdmin,), {
            "list_display": ["day", *tables.dimensions, *tables.counters],
            "list_filter": ["channel"],
        }))
