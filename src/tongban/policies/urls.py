from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("programs/<str:code>/", views.program, name="program"),
    path("programs/<str:code>/ops/", views.program_ops, name="program_ops"),
    path("review/", views.queue, name="queue"),
    path("applications/<int:application_id>/", views.detail, name="detail"),
    path("stats/", views.stats, name="stats"),
]
