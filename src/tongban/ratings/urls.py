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
    path("ratings/ticket/<str:number>/", views.rate_ticket, name="rate_ticket"),
    path("ratings/platform/", views.rate_platform, name="rate_platform"),
    path("ratings/<int:rating_id>/appeal/", views.appeal, name="appeal"),
    path("ratings/appeals/", views.appeals, name="appeals"),
    path("ratings/appeals/<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("ratings/appeals/<int:appeal_id>/decision/", views.decide_appeal, name="decide_appeal"),
]
