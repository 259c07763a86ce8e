from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tongban.catalog"
    verbose_name = "政务服务事项"
