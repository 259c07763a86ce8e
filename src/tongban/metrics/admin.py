from django.contrib import admin

from .aggregation import TABLES
from .models import MetricTarget


@admin.register(MetricTarget)
class MetricTargetAdmin(admin.ModelAdmin):
    list_display = ["metric_code", "region", "target", "note"]
    list_filter = ["metric_code"]
    search_fields = ["metric_code", "region__name", "region__code"]
    autocomplete_fields = ["region"]


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
