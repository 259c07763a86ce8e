"""好差评 pages: rate a case (applicant, or the hall tablet by token), the 整改 queue and its
steps, and the public rates page. Function views; the services hold the rules."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.cases.scopes import cases_for, is_applicant_side
from tongban.core.charts import BarChart
from tongban.core.clock import local_date
from tongban.core.errors import DomainError

from . import services
from tongban.hotline.models import Ticket

from .constants import RATABLE_CASE_STATUSES, RATABLE_TICKET_STATUSES, STARS, AppealStatus, RectificationStatus
from .forms import (
    AnswerForm,
    AppealDecisionForm,
    AppealForm,
    ApplicantRatingForm,
    CallbackForm,
    RatingForm,
    VerifyForm,
)
from .models import Rating, RatingAppeal, SubjectKind
from .queries import QUEUE_FILTERS, appeal_for, appeal_queue, rectification_for
from .queries import rectification_queue as queue_page
from .rates import GROUPINGS, RatingRates, parse_month, rating_rates

CHART = BarChart(label_width=170, row_height=28)  # px; a 100 % bar is 400 px
QUEUE_TABS = {"active": "待办", "open": "待整改", "answered": "待核实", "verified": "待回访", "closed": "已办结",
              "escalated": "已升级督办", "cancelled": "申诉成立已撤销"}
APPEAL_TABS = {status.value: status.label for status in AppealStatus}


def show_error(form, error: DomainError) -> None:
    form.add_error(form.field_of(error.field), error.message)


def _rating_page(request: HttpRequest, form, *, case=None, template_context: dict, submit) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rating = submit(data)
        except DomainError as error:
            if error.status == 404:
                raise Http404 from None
            show_error(form, error)
        else:
            return render(request, "ratings/thanks.html", {"rating": rating, "case": case})
    return render(request, "ratings/rate.html", {"form": form, "case": case, "stars": STARS, **template_context},
                  status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def rate_case(request: HttpRequest, number: str) -> HttpResponse:
    """评价 — the applicant rates a closed case (link “评价” on the case page)."""
    case = cases_for(request.user).select_related("item__published_version", "department").filter(
        number=number).first()
    if case is None or not is_applicant_side(request.user, case):
        raise Http404
    existing = case.ratings.select_related("rectification").first()
    form = ApplicantRatingForm(request.POST or None)

    def submit(data):
        return services.rate_case(actor=request.user, case_number=number, level=data["level"],
                                  comment=data["comment"], tags=data["tags"], categories=data["categories"],
                                  channel="online",
                                  anonymous=data["anonymous"], now=timezone.now())

    return _rating_page(request, form, case=case, submit=submit, template_context={
        "closed": case.status in RATABLE_CASE_STATUSES, "already": existing is not None,
        # the applicant's own real-name rating, with the department's 整改 answer once given
        "own_rating": existing if existing and existing.is_real_name and existing.rater_id == request.user.pk
        else None,
        "action": reverse("ratings:rate_case", args=[number])})


@require_http_methods(["GET", "POST"])
def rate_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """扫码评价 — the hall tablet or the QR code on the result notice; no login, one use."""
    try:
        invitation = services.invitation_by_token(token)
    except DomainError:
        raise Http404 from None
    case = invitation.case
    form = RatingForm(request.POST or None)

    def submit(data):
        return services.rate_by_token(token=token, level=data["level"], comment=data["comment"], tags=data["tags"],
                                      categories=data["categories"], channel="window_device", now=timezone.now())

    return _rating_page(request, form, case=case, submit=submit, template_context={
        "closed": case.status in RATABLE_CASE_STATUSES, "already": invitation.used_at is not None or case.ratings.exists(),
        "action": reverse("ratings:rate_token", args=[token]), "public": True})


@require_http_methods(["GET", "POST"])
def rate_ticket(request: HttpRequest, number: str) -> HttpResponse:
    """评价 12345 — the citizen rates the answer to their own message once it is closed (from 我的留言)."""
    ticket = Ticket.objects.filter(number=number[:30], submitted_by=request.user).first()
    if ticket is None:
        raise Http404
    existing = ticket.ratings.select_related("rectification", "rectification__department").first()
    form = RatingForm(request.POST or None)

    def submit(data):
        return services.rate_ticket(actor=request.user, ticket_number=ticket.number, level=data["level"],
                                    comment=data["comment"], tags=data["tags"], categories=data["categories"],
                                    now=timezone.now())

    return _rating_page(request, form, submit=submit, template_context={
        "ticket": ticket, "heading": "12345 诉求评价", "closed": ticket.status in RATABLE_TICKET_STATUSES,
        "already": existing is not None, "own_rating": existing,
        "already_message": "该工单已评价过（一次一评），不能再次评价，感谢您的反馈。",
        "action": reverse("ratings:rate_ticket", args=[ticket.number])})


@require_http_methods(["GET", "POST"])
def rate_platform(request: HttpRequest) -> HttpResponse:
    """评价平台 — the signed-in user rates the platform itself, once a month."""
    period = local_date(timezone.now()).strftime("%Y-%m")
    existing = Rating.objects.filter(subject_kind=SubjectKind.PLATFORM, rater=request.user, period=period).first()
    form = RatingForm(request.POST or None)

    def submit(data):
        return services.rate_platform(actor=request.user, level=data["level"], comment=data["comment"],
                                      tags=data["tags"], categories=data["categories"], now=timezone.now())

    return _rating_page(request, form, submit=submit, template_context={
        "heading": "评价政务服务平台", "closed": True, "already": existing is not None, "own_rating": existing,
        "already_message": "您本月已评价过政务服务平台，下月可再次评价。", "action": reverse("ratings:rate_platform")})


@require_GET
def invitation(request: HttpRequest, number: str) -> HttpResponse:
    """评价码 — the window shows the case's one-time rating link on the tablet or prints it."""
    case = cases_for(request.user).filter(number=number).first()
    if case is None:
        raise Http404
    try:
        invite = services.invitation_for(case, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", number=number)
    link = request.build_absolute_uri(reverse("ratings:rate_token", args=[invite.token]))
    return render(request, "ratings/invitation.html", {"case": case, "invitation": invite, "link": link})


@require_GET
def rectification_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    if status not in QUEUE_FILTERS:
        status = "active"
    page = queue_page(request.user, status=status, after=request.GET.get("after", ""), limit=50)
    return render(request, "ratings/queue.html", {"page": page, "status": status, "tabs": QUEUE_TABS,
                                                  "today": local_date(timezone.now())})


def _forms_for(user, rectification) -> dict:
    status = rectification.status
    forms = {}
    appealable = rectification.rating.is_bad and getattr(rectification.rating, "appeal", None) is None
    if appealable and status != RectificationStatus.CANCELLED and services.may_appeal(user, rectification.rating):
        forms["appeal_form"] = AppealForm()
    if status == RectificationStatus.OPEN and user.role in DEPARTMENT_ROLES \
            and user.department_id == rectification.department_id:
        forms["answer_form"] = AnswerForm(initial={"fix_description": rectification.fix_description,
                                                   "answer_to_rater": rectification.answer_to_rater})
    if status == RectificationStatus.ANSWERED and user.role in (Role.SUPERVISOR, Role.ADMIN):
        forms["verify_form"] = VerifyForm()
    if status == RectificationStatus.VERIFIED and user.role in (Role.SUPERVISOR, Role.INTAKE_CLERK, Role.ADMIN):
        forms["callback_form"] = CallbackForm()
    return forms


def _detail(request: HttpRequest, rectification_id: int, **bound) -> HttpResponse:
    rectification = rectification_for(request.user, rectification_id)
    if rectification is None:
        raise Http404
    rating = rectification.rating
    context = {"rectification": rectification, "rating": rating, "case": rating.case,
               "categories": [category.name for category in rating.bad_categories.all()],
               "appeal": getattr(rating, "appeal", None),
               "today": local_date(timezone.now()), **_forms_for(request.user, rectification), **bound}
    return render(request, "ratings/detail.html", context, status=422 if bound else 200)


@require_GET
def rectification_detail(request: HttpRequest, rectification_id: int) -> HttpResponse:
    return _detail(request, rectification_id)


def _step(request: HttpRequest, rectification_id: int, form, name: str, run, done: str) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as error:
            if error.status == 404:
                raise Http404 from None
            show_error(form, error)
        else:
            messages.success(request, done)
            return redirect("ratings:detail", rectification_id=rectification_id)
    return _detail(request, rectification_id, **{name: form})


@require_POST
def answer(request: HttpRequest, rectification_id: int) -> HttpResponse:
    return _step(request, rectification_id, AnswerForm(request.POST), "answer_form",
                 lambda data: services.answer_rectification(
                     actor=request.user, rectification_id=rectification_id, fix_description=data["fix_description"],
                     answer_to_rater=data["answer_to_rater"], now=timezone.now()),
                 "整改答复已提交，等待中心核实。")


@require_POST
def verify(request: HttpRequest, rectification_id: int) -> HttpResponse:
    return _step(request, rectification_id, VerifyForm(request.POST), "verify_form",
                 lambda data: services.verify_rectification(
                     actor=request.user, rectification_id=rectification_id, accepted=data["accepted"],
                     note=data["note"], now=timezone.now()),
                 "核实结论已记录。")


@require_POST
def callback(request: HttpRequest, rectification_id: int) -> HttpResponse:
    return _step(request, rectification_id, CallbackForm(request.POST), "callback_form",
                 lambda data: services.record_callback(
                     actor=request.user, rectification_id=rectification_id, satisfied=data["satisfied"],
                     note=data["note"], now=timezone.now()),
                 "回访结果已记录。")


@require_POST
def appeal(request: HttpRequest, rating_id: int) -> HttpResponse:
    """申诉 from the 整改 page of the 差评 (the rated department or staff member)."""
    rectification = rectification_for(request.user, _rectification_id_of(rating_id))
    if rectification is None:
        raise Http404
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            filed = services.appeal_rating(actor=request.user, rating_id=rating_id, reason=form.cleaned_data["reason"],
                                           now=timezone.now())
        except DomainError as error:
            if error.status == 404:
                raise Http404 from None
            show_error(form, error)
        else:
            messages.success(request, "申诉已提交，等待中心复核。")
            return redirect("ratings:appeal_detail", appeal_id=filed.pk)
    return _detail(request, rectification.pk, appeal_form=form)


def _rectification_id_of(rating_id: int) -> int:
    return Rating.objects.filter(pk=rating_id).values_list("rectification__id", flat=True).first() or 0


@require_GET
def appeals(request: HttpRequest) -> HttpResponse:
    """申诉复核 — the department follows its appeals, the centre decides the pending ones."""
    status = request.GET.get("status", AppealStatus.PENDING)
    status = status if status in APPEAL_TABS else AppealStatus.PENDING
    return render(request, "ratings/appeals.html", {"appeals": appeal_queue(request.user, status=status),
                                                    "status": status, "tabs": APPEAL_TABS})


def _appeal_page(request: HttpRequest, appeal_id: int, form=None) -> HttpResponse:
    found: RatingAppeal | None = appeal_for(request.user, appeal_id)
    if found is None:
        raise Http404
    if form is None and found.status == AppealStatus.PENDING and services.may_decide_appeal(request.user):
        form = AppealDecisionForm()
    rectification = getattr(found.rating, "rectification", None)
    return render(request, "ratings/appeal.html", {
        "appeal": found, "rating": found.rating, "rectification": rectification, "decision_form": form,
        "categories": [category.name for category in found.rating.bad_categories.all()],
    }, status=422 if form is not None and form.is_bound else 200)


@require_GET
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    return _appeal_page(request, appeal_id)


@require_POST
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_appeal(actor=request.user, appeal_id=appeal_id, upheld=form.cleaned_data["upheld"],
                                   note=form.cleaned_data["note"], now=timezone.now())
        except DomainError as error:
            if error.status == 404:
                raise Http404 from None
            show_error(form, error)
        else:
            messages.success(request, "复核结论已记录。")
            return redirect("ratings:appeal_detail", appeal_id=appeal_id)
    return _appeal_page(request, appeal_id, form)


def _bars(rows: list[RatingRates]) -> dict:
    """Geometry of the horizontal bar chart (好评率 / 差评率), computed here so the template only draws."""
    return CHART.frame([{"name": row.name, "good": row.good_rate, "good_width": CHART.percent(row.good_rate),
                         "bad": row.bad_rate, "bad_width": CHART.percent(row.bad_rate)} for row in rows])


@require_GET
def rates(request: HttpRequest) -> HttpResponse:
    group_by = request.GET.get("group_by", "department")
    if group_by not in GROUPINGS:
        group_by = "department"
    today = local_date(timezone.now())
    try:
        month = parse_month(request.GET.get("month"), today=today)
    except DomainError as error:
        messages.error(request, error.message)
        month = today.replace(day=1)
    rows = rating_rates(group_by, month)
    return render(request, "ratings/rates.html", {
        "total": rows[0], "rows": rows[1:], "group_by": group_by, "groupings": GROUPINGS,
        "month": month.strftime("%Y-%m"), "chart": _bars(rows[1:]),
    })
