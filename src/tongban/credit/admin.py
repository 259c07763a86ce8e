from django.contrib import admin

from .models import CreditRating, CreditRecord


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = ["subject_code", "subject_name", "severity", "recorded_at", "repaired_at"]
    list_filter = ["severity"]
    search_fields = ["subject_code", "subject_name"]


@admin.register(CreditRating)
class CreditRatingAdmin(admin.ModelAdmin):
    list_display = ["subject_kind", "subject_name", "credit_class", "source", "valid_from", "valid_to"]
    list_filter = ["credit_class", "subject_kind"]
    search_fields = ["subject_key", "subject_name"]
    readonly_fields = ["subject_key"]  # a person's key is a hash: entered through services.record_credit_class
