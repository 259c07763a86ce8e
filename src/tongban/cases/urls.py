from django.urls import path

from .views import applicant, case, commitments, files, pickup, staff

app_name = "cases"

urlpatterns = [
    path("apply/<str:item_code>/", applicant.apply, name="apply"),
    path("mine/", applicant.my_case_list, name="mine"),
    path("track/", applicant.track_case, name="track"),
    path("window/", staff.window_intake, name="window_intake"),
    path("helper/", staff.helper_apply, name="helper_apply"),
    path("queue/", staff.department_queue, name="department_queue"),
    path("exit/", staff.exit_window, name="exit_window"),
    path("commitments/overdue/", commitments.overdue, name="commitments_overdue"),
    path("commitments/<int:commitment_id>/verify/", commitments.verify, name="commitment_verify"),
    path("<str:number>/", case.case_detail, name="detail"),
    path("<str:number>/transition/", case.case_transition, name="transition"),
    path("<str:number>/task/", case.case_task, name="task"),
    path("<str:number>/files/<str:file_id>/", files.case_file, name="file"),
    path("<str:number>/resubmit/", files.case_resubmit, name="resubmit"),
    path("<str:number>/deliver/", files.case_deliver, name="deliver"),
    path("<str:number>/pickup/", pickup.pickup, name="pickup"),
]
