"""Citizens' side of 12345: leave a message online and follow its answer."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tongban.accounts.models import Region
from tongban.core.errors import InvalidInput
from tongban.ratings.constants import RATABLE_TICKET_STATUSES
from tongban.ratings.models import Rating

from .. import services
from ..constants import TicketChannel, TicketKind
from ..models import Ticket, TicketCategory
from ..workflow import TICKET_WORKFLOW

ONLINE_FIELDS = ["kind", "category", "caller_phone", "content", "region", "related_case"]


@require_http_methods(["GET", "POST"])
def online(request: HttpRequest) -> HttpResponse:
    """网上留言 — the same 统一受理 as a call; the caller is the signed-in citizen."""
    user = request.user
    values = {"caller_phone": user.phone, "region": "371302"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in ONLINE_FIELDS}
        data = services.TicketInput(
            kind=values["kind"], category_code=values["category"], channel=TicketChannel.ONLINE,
            caller_name=user.display_name, caller_phone=values["caller_phone"], content=values["content"],
            region_code=values["region"], related_case_number=values["related_case"])
        try:
            ticket = services.register_ticket(data, actor=user, now=timezone.now())
        except InvalidInput as error:
            errors = {e.field.removesuffix("_code").removesuffix("_number"): e.message for e in error.errors}
        else:
            messages.success(request, f"已收到您的留言，工单编号 {ticket.number}，我们将按时答复。")
            return redirect("hotline:mine")
    return render(request, "hotline/online.html", {
        "values": values, "errors": errors,
        "kinds": [(value, label) for value, label in TicketKind.choices],
        "categories": TicketCategory.objects.filter(parent__isnull=False).select_related("parent"),
        "regions": Region.objects.order_by("path"),
    }, status=422 if errors else 200)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """我的留言 — every message the citizen left online, newest first, with its answer."""
    tickets = (Ticket.objects.filter(submitted_by=request.user).select_related("category")
               .annotate(rated=Exists(Rating.objects.filter(ticket=OuterRef("pk")))).order_by("-id")[:100])
    return render(request, "hotline/mine.html", {
        "tickets": [{"number": t.number, "kind": TicketKind(t.kind).label, "created_at": t.created_at,
                     "status": TICKET_WORKFLOW.label_of(t.status), "reply": t.reply,
                     "closed": t.status in RATABLE_TICKET_STATUSES, "rated": t.rated} for t in tickets],
    })
