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
from tongban.core.errors import DomainError

from . import services
from .constants import RATABLE_CASE_STATUSES, STARS, RectificationStatus
from .forms import AnswerForm, ApplicantRatingForm, CallbackForm, RatingForm, VerifyForm
from .queries import QUEUE_FILTERS, rectification_for
from .queries import rectification_queue as queue_page
from .rates import GROUPINGS, RatingRates, parse_month, rating_rates

ROW_HEIGHT, LABEL_WIDTH, BAR_SCALE = 28, 170, 4  # px; a 100 % bar is 400 px
QUEUE_TABS = {"active": "待办", "open": "待整改", "answered": "待核实", "verified": "待回访", "closed": "已办结",
              "escalated": "已升级督办"}


def show_error(form, error: DomainError) -> None:
    form.add_error(form.field_of(error.field), error.message)


def _rating_page(request: HttpRequest, form, *, case, template_context: dict, submit) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rating = submit(data)
        except DomainError as error:
            show_error(form, error)
        else:
            return render(request, "ratings/thanks.html", {"rating": rating, "case": case})
    return render(request, "ratings/rate.html", {"form": form, "case": case, "stars": STARS, **template_context})


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
                                                  "today": services.local_today(timezone.now())})


def _forms_for(user, rectification) -> dict:
    status = rectification.status
    forms = {}
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
    context = {"rectification": rectification, "rating": rectification.rating, "case": rectification.rating.case,
               "today": services.local_today(timezone.now()), **_forms_for(request.user, rectification), **bound}
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


def _bars(rows: list[RatingRates]) -> dict:
    """Geometry of the horizontal bar chart (好评率 / 差评率), computed here so the template only draws."""
    bars = [
        {"name": row.name, "y": index * ROW_HEIGHT,
         "good": row.good_rate, "good_width": float(row.good_rate or 0) * BAR_SCALE,
         "bad": row.bad_rate, "bad_width": float(row.bad_rate or 0) * BAR_SCALE}
        for index, row in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(rows), 1) * ROW_HEIGHT, "label_width": LABEL_WIDTH,
            "text_x": LABEL_WIDTH + 100 * BAR_SCALE + 8}


@require_GET
def rates(request: HttpRequest) -> HttpResponse:
    group_by = request.GET.get("group_by", "department")
    if group_by not in GROUPINGS:
        group_by = "department"
    today = services.local_today(timezone.now())
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
