from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.plans, name="plans"),
    path("public/", views.public, name="public"),
    path("credit/", views.credit_query, name="credit_query"),
]
