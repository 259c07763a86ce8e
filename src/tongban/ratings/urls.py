from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("rate/<str:token>/", views.rate_by_token, name="rate_token"),
    path("ratings/case/<str:number>/", views.rate_case, name="rate_case"),
    path("ratings/case/<str:number>/code/", views.invitation, name="invitation"),
    path("ratings/rectifications/", views.rectification_queue, name="queue"),
    path("ratings/rectifications/<int:rectification_id>/", views.rectification_detail, name="detail"),
    path("ratings/rectifications/<int:rectification_id>/answer/", views.answer, name="answer"),
    path("ratings/rectifications/<int:rectification_id>/verify/", views.verify, name="verify"),
    path("ratings/rectifications/<int:rectification_id>/callback/", views.callback, name="callback"),
    path("ratings/rates/", views.rates, name="rates"),
]
