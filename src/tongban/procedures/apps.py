from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "tongban.procedures"
    verbose_name = "政府内部程序"
