"""Published guides become findable by their result (营业执照) and life events (开饭店):
rebuild search_text and the bigram index of every published version with both included."""

import re

from django.db import migrations

SEPARATORS = re.compile(r"[\s，。、；：,.;:（）()《》“”\"'/\\-]+")  # as tongban.catalog.search at this migration


def grams_of(text: str) -> set[str]:
    grams = set()
    for term in (t for t in SEPARATORS.split(text.lower()) if t):
        grams |= {term[i : i + 2] for i in range(len(term) - 1)}
        grams.add(term[-1])
    return grams


def reindex(apps, schema_editor):
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    SearchGram = apps.get_model("catalog", "SearchGram")
    for item in ServiceItem.objects.filter(published_version__isnull=False).select_related(
            "published_version", "published_version__result_license_type").iterator():
        version = item.published_version
        parts = [version.name, version.result_name,
                 version.result_license_type.name if version.result_license_type_id else "",
                 *version.themes.values_list("name", flat=True)]
        parts += version.acceptanceconditions.order_by("order").values_list("text", flat=True)
        parts += version.materials.order_by("order").values_list("name", flat=True)
        version.search_text = "\n".join(part for part in parts if part)
        version.save(update_fields=["search_text"])
        SearchGram.objects.filter(item=item).delete()
        SearchGram.objects.bulk_create(SearchGram(gram=gram, item=item) for gram in sorted(grams_of(version.search_text)))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_workflow_and_co_departments")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
