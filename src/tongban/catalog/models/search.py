from django.db import models


class SearchGram(models.Model):
    """Character-bigram index of published guides, so `q` works for Chinese without word spaces.

    A query's bigrams select candidate items through the (gram, item) index; the exact
    substring is then confirmed on those few rows — no scan of the catalog.
    """

    gram = models.CharField(max_length=2)
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gram", "item"], name="search_gram_unique")]
