from django.shortcuts import render
from django.views.decorators.http import require_GET

from .queries import entries_page


@require_GET
def entries(request):
    before = request.GET.get("before", "")
    page, next_cursor = entries_page(
        actor=request.user, before_id=int(before) if before.isdigit() else None, limit=50,
        stream=request.GET.get("stream", "")[:100],
    )
    return render(request, "audit/entries.html", {"entries": page, "next_cursor": next_cursor})
