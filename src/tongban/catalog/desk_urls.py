from django.urls import path

from . import desk_views, rates_views

app_name = "catalog_desk"

urlpatterns = [
    path("", desk_views.items, name="items"),
    path("rates/", rates_views.rates, name="rates"),
    path("reviews/", desk_views.reviews, name="reviews"),
    path("versions/<int:version_id>/", desk_views.version_detail, name="version"),
    path("versions/<int:version_id>/submit/", desk_views.submit, name="submit"),
    path("versions/<int:version_id>/return/", desk_views.return_for_changes, name="return"),
    path("versions/<int:version_id>/publish/", desk_views.publish, name="publish"),
    path("items/<str:code>/revise/", desk_views.start_revision, name="revise"),
]
