from django.apps import AppConfig


class CalendarAdminConfig(AppConfig):
    name = "tongban.calendar_admin"
    verbose_name = "工作日历"
