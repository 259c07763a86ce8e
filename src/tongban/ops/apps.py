from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "tongban.ops"
    verbose_name = "运行维护"
