"""Chinese-friendly search over published guides via a character-bigram index (SearchGram)."""

import re

from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from .models import SearchGram, ServiceItem, ServiceItemVersion

_SEPARATORS = re.compile(r"[\s，。、；：,.;:（）()《》“”\"'/\\-]+")


def terms_of(text: str) -> list[str]:
    return [term for term in _SEPARATORS.split(text.lower()) if term]


def grams_of(term: str) -> set[str]:
    return {term[i : i + 2] for i in range(len(term) - 1)}


def index_grams_of(text: str) -> set[str]:
    """Bigrams of every term, plus each term's last character so that a one-character
    query finds it through the index range [c, c+1) that also covers bigrams starting with c."""
    grams: set[str] = set()
    for term in terms_of(text):
        grams |= grams_of(term)
        grams.add(term[-1])
    return grams


@transaction.atomic
def index_item(item: ServiceItem, text: str) -> None:
    SearchGram.objects.filter(item=item).delete()
    SearchGram.objects.bulk_create(SearchGram(gram=gram, item=item) for gram in sorted(index_grams_of(text)))


def matching(items: QuerySet[ServiceItem], query: str) -> QuerySet[ServiceItem]:
    """Items whose published guide contains every term of `query` (AND)."""
    for term in terms_of(query)[:8]:
        grams = grams_of(term)
        if grams:
            candidates = (
                SearchGram.objects.filter(gram__in=grams).values("item")
                .annotate(hits=Count("gram")).filter(hits=len(grams)).values("item")
            )
        else:  # one character: every bigram starting with it, as an index range
            candidates = SearchGram.objects.filter(
                gram__gte=term, gram__lt=chr(ord(term) + 1)
            ).values("item")
        items = items.filter(pk__in=candidates, published_version__search_text__icontains=term)
    return items


#: How well an item answers the query as a whole: in its name, in what it produces, in a life event.
NAME, RESULT, THEME, TEXT = 3, 2, 1, 0


def ranked(items: QuerySet[ServiceItem], query: str) -> QuerySet[ServiceItem]:
    """Annotate `relevance`: 营业执照 puts the items named so first, then those whose result is
    one (企业开办, 个体工商户登记), before the many that merely ask for one as a material."""
    version = "published_version__"
    in_theme = ServiceItemVersion.themes.through.objects.filter(
        serviceitemversion_id=OuterRef("published_version_id"), theme__name__icontains=query)
    return items.annotate(relevance=Case(
        When(**{f"{version}name__icontains": query}, then=Value(NAME)),
        When(Q(**{f"{version}result_name__icontains": query})
             | Q(**{f"{version}result_license_type__name__icontains": query}), then=Value(RESULT)),
        When(Exists(in_theme), then=Value(THEME)),
        default=Value(TEXT), output_field=IntegerField()))
