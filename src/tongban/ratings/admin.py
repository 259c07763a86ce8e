from django.contrib import admin

from .models import BadRatingCategory


@admin.register(BadRatingCategory)
class BadRatingCategoryAdmin(admin.ModelAdmin):
    """差评分类: the district's list of what a 差评 may be about; retired ones stay on old ratings."""

    list_display = ["code", "name", "position", "is_active"]
    list_editable = ["name", "position", "is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ratings point at it: retire a category instead
