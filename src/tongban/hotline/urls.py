from django.urls import path

from . import views, views_public

app_name = "hotline"

urlpatterns = [
    path("", views.ticket_queue, name="queue"),
    path("intake/", views.intake, name="intake"),
    path("online/", views_public.online, name="online"),
    path("mine/", views_public.mine, name="mine"),
    path("intake/catalog/", views.catalog_search, name="catalog_search"),
    path("stats/", views.stats, name="stats"),
    path("tickets/<str:number>/", views.ticket_detail, name="detail"),
    path("tickets/<str:number>/transition/", views.ticket_transition, name="transition"),
    path("tickets/<str:number>/merge/", views.ticket_merge, name="merge"),
    path("tickets/<str:number>/escalate/", views.ticket_escalate, name="escalate"),
]
