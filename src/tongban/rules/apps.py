from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "tongban.rules"
    verbose_name = "规则参数"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import book
        from .models import RuleOverride

        # An override written in this process (service, admin, a test's ORM call) is read at once.
        for signal in (post_save, post_delete):
            signal.connect(lambda **kwargs: book.forget(), sender=RuleOverride, weak=False,
                           dispatch_uid=f"rules-forget-{signal is post_save}")
