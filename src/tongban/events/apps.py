from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "tongban.events"
    verbose_name = "领域事件"
