from django.urls import path

from . import views, views_applicant, views_commitments, views_files, views_pickup, views_staff

app_name = "cases"

urlpatterns = [
    path("apply/<str:item_code>/", views_applicant.apply, name="apply"),
    path("mine/", views_applicant.my_case_list, name="mine"),
    path("track/", views_applicant.track_case, name="track"),
    path("window/", views_staff.window_intake, name="window_intake"),
    path("helper/", views_staff.helper_apply, name="helper_apply"),
    path("queue/", views_staff.department_queue, name="department_queue"),
    path("exit/", views_staff.exit_window, name="exit_window"),
    path("commitments/overdue/", views_commitments.overdue, name="commitments_overdue"),
    path("commitments/<int:commitment_id>/verify/", views_commitments.verify, name="commitment_verify"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/transition/", views.case_transition, name="transition"),
    path("<str:number>/task/", views.case_task, name="task"),
    path("<str:number>/files/<str:file_id>/", views_files.case_file, name="file"),
    path("<str:number>/resubmit/", views_files.case_resubmit, name="resubmit"),
    path("<str:number>/deliver/", views_files.case_deliver, name="deliver"),
    path("<str:number>/pickup/", views_pickup.pickup, name="pickup"),
]
