from django.urls import path

from . import rates, views

app_name = "catalog_desk"

urlpatterns = [
    path("", views.items, name="items"),
    path("rates/", rates.rates, name="rates"),
    path("reviews/", views.reviews, name="reviews"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/submit/", views.submit, name="submit"),
    path("versions/<int:version_id>/return/", views.return_for_changes, name="return"),
    path("versions/<int:version_id>/publish/", views.publish, name="publish"),
    path("items/<str:code>/revise/", views.start_revision, name="revise"),
]
