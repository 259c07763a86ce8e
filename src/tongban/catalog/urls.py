from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog_list, name="list"),
    path("<str:code>/", views.guide_detail, name="guide"),
    path("<str:code>/guide.pdf", views.guide_pdf, name="guide_pdf"),
]
