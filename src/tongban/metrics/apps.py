from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "tongban.metrics"
    verbose_name = "指标"
