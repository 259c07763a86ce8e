from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "tongban.vouchers"
    verbose_name = "消费券"
