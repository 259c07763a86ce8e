from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("", views.claim_page, name="claim"),
    path("mine/", views.mine, name="mine"),
    path("till/", views.till, name="till"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
