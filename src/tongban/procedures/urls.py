from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.public, name="public"),
    path("desk/", views.desk, name="desk"),
    path("documents/new/", views.new_document, name="new_document"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/transition/", views.document_transition, name="document_transition"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/transition/", views.decision_transition, name="decision_transition"),
]
