from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register_view, name="register"),
    path("profile/", views.profile_view, name="profile"),
    path("staff/", views.staff_list_view, name="staff_list"),
    path("staff/<int:staff_id>/unlock/", views.staff_unlock_view, name="staff_unlock"),
]
