from django.contrib import admin

from .models import CreditRecord


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = ["subject_code", "subject_name", "severity", "recorded_at", "repaired_at"]
    list_filter = ["severity"]
    search_fields = ["subject_code", "subject_name"]
