from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "tongban.hotline"
    verbose_name = "12345 接诉即办"
