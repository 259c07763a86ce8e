"""免证办 hooks: which proofs the government already holds for an applicant.

A material linked to a licence type is covered when the applicant holds a valid electronic
licence of that type (tongban.licences, read through the app registry so that cases does not
import the licence app). Shared-data sources are trusted as configured in the catalog (the
department has the data exchange in place).
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from tongban.core.clock import local_date


def _valid_licences(applicant_code: str):
    if not applicant_code:
        return None
    licence = apps.get_model("licences", "Licence")
    today = local_date(timezone.now())
    return (licence.objects.filter(holder_code=applicant_code, status="valid")
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)))


def licence_types_held(applicant_code: str) -> frozenset[str]:
    """证照类型代码 of valid licences held by a person or enterprise."""
    licences = _valid_licences(applicant_code)
    if licences is None:
        return frozenset()
    return frozenset(licences.values_list("licence_type__catalog_type__code", flat=True))


def reused_licences(applicant_code: str, type_codes) -> dict[str, dict[str, str]]:
    """证照类型代码 → the valid licence that covers it (identifier, name, number, issuer): the
    source shown beside a material provided by 电子证照复用."""
    licences = _valid_licences(applicant_code)
    if licences is None or not type_codes:
        return {}
    rows = (licences.filter(licence_type__catalog_type__code__in=list(type_codes)).order_by("-pk")
            .values_list("licence_type__catalog_type__code", "identifier", "licence_type__catalog_type__name",
                         "number", "issuer__name"))
    found: dict[str, dict[str, str]] = {}
    for code, identifier, name, number, issuer in rows:
        found.setdefault(code, {"identifier": identifier, "name": name, "number": number, "issuer": issuer})
    return found
