from django.urls import path

from . import views

app_name = "licences"

urlpatterns = [
    path("mine/", views.wallet, name="wallet"),
    path("desk/", views.desk, name="desk"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:identifier>/", views.verify, name="verify"),
    path("shown/<str:token>/", views.shown, name="shown"),
    path("holders/<str:code>/", views.holder_file, name="holder_file"),
    path("issue/<str:case_number>/", views.issue, name="issue"),
    path("keys/<str:uscc>/", views.public_keys, name="public_keys"),
    path("status/<str:uscc>/", views.status_list_view, name="status_list"),
    path("l/<str:identifier>/", views.detail, name="detail"),
    path("l/<str:identifier>/pdf/", views.pdf, name="pdf"),
    path("l/<str:identifier>/file/", views.download, name="download"),
    path("l/<str:identifier>/show/", views.show, name="show"),
    path("l/<str:identifier>/status/", views.change_status, name="change_status"),
    path("l/<str:identifier>/reissue/", views.reissue, name="reissue"),
]
