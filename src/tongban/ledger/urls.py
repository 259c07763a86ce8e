from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("", views.plans, name="plans"),
    path("plans/<int:plan_id>/", views.review, name="review"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/", views.fix_task, name="fix_task"),
    path("plans/<int:plan_id>/publish/", views.publish, name="publish"),
    path("plans/<int:plan_id>/bulletin/", views.bulletin, name="bulletin"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_id>/report/", views.report, name="report"),
]
