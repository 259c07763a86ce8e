from django.urls import path

from .views import public, tickets

app_name = "hotline"

urlpatterns = [
    path("", tickets.ticket_queue, name="queue"),
    path("intake/", tickets.intake, name="intake"),
    path("online/", public.online, name="online"),
    path("mine/", public.mine, name="mine"),
    path("intake/catalog/", tickets.catalog_search, name="catalog_search"),
    path("stats/", tickets.stats, name="stats"),
    path("tickets/<str:number>/", tickets.ticket_detail, name="detail"),
    path("tickets/<str:number>/transition/", tickets.ticket_transition, name="transition"),
    path("tickets/<str:number>/merge/", tickets.ticket_merge, name="merge"),
    path("tickets/<str:number>/escalate/", tickets.ticket_escalate, name="escalate"),
]
