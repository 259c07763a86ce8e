from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("", views.board, name="dashboard"),
    path("export.xlsx", views.export, name="export"),
]
