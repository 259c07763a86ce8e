from django.urls import path

from . import views

app_name = "calendar_admin"

urlpatterns = [
    path("", views.years, name="years"),
    path("closures/", views.closures, name="closures"),
]
