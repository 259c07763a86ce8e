"""Whose audit entries a user may read: those of the objects the user may see.

Each kind of stream is scoped by its object's own accessor — the same one that answers 404 for
the object itself — so the log never shows what the object's page hides. Stream kinds without an
accessor here (catalog, calendar, enterprises, rules, …) are read by system administrators only.
"""

import re
from functools import reduce
from operator import or_

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.module_loading import import_string

from tongban.accounts.constants import Role
from tongban.core.errors import NotFound

from .models import AuditEntry

# stream label (stream_of: "<app>.<model>:<pk>") → the scope-checking accessor of its objects
STREAM_ACCESSORS = {
    "cases.case": "tongban.cases.scopes.cases_for",
    "hotline.ticket": "tongban.hotline.scopes.tickets_for",
    "ratings.rectification": "tongban.ratings.scopes.rectifications_for",
    "accounts.user": "tongban.accounts.scopes.staff_for",
}

ONE_OBJECT = re.compile(r"(?P<label>[a-z_]+\.[a-z_]+):(?P<pk>\d+)")

STREAM_NOT_FOUND = NotFound("audit.stream_not_found", "未找到该对象，或不在您的管理范围内。")


def _visible(label: str, actor) -> QuerySet:
    return import_string(STREAM_ACCESSORS[label])(actor)


def _streams(label: str, actor) -> QuerySet:
    """The stream names of the objects of `label` the actor may see, as a subquery."""
    return (_visible(label, actor).order_by()
            .annotate(audit_stream=Concat(Value(f"{label}:"), Cast("pk", CharField()), output_field=CharField()))
            .values("audit_stream"))


def entries_for(actor) -> QuerySet[AuditEntry]:
    if actor.role == Role.ADMIN:
        return AuditEntry.objects.all()
    return AuditEntry.objects.filter(reduce(or_, (Q(stream__in=_streams(label, actor)) for label in STREAM_ACCESSORS)))


def entries_of(actor, stream: str) -> QuerySet[AuditEntry]:
    """`stream` names one object ("cases.case:42"): its entries, or 404 as the object would be.
    Anything else is a prefix ("cases.case:") within the actor's scope."""
    one = ONE_OBJECT.fullmatch(stream)
    if one is None:
        return entries_for(actor).filter(stream__startswith=stream) if stream else entries_for(actor)
    label = one["label"]
    if label in STREAM_ACCESSORS:
        if not _visible(label, actor).filter(pk=int(one["pk"])).exists():
            raise STREAM_NOT_FOUND
    elif actor.role != Role.ADMIN:
        raise STREAM_NOT_FOUND
    return AuditEntry.objects.filter(stream=stream)
