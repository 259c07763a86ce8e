from django.contrib import admin

from .models import DecisionCatalogue, Issuer, MajorDecision, NormativeDocument, ReviewOffice


@admin.register(ReviewOffice, Issuer, DecisionCatalogue)
class ReferenceAdmin(admin.ModelAdmin):
    pass


@admin.register(NormativeDocument, MajorDecision)
class ReadOnlyAdmin(admin.ModelAdmin):
    """State changes go through the workflow (procedures.services), never the admin."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
