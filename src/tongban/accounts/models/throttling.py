from django.db import models


class AttemptCounter(models.Model):
    """尝试计数 — attempts at a guessable secret (the public tracking query's 4 digits) per key
    and time slice. Kept in the database so that every worker process counts against the same
    limit, on SQLite and PostgreSQL alike, without a cache server."""

    key = models.CharField(max_length=120)
    slice_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "尝试计数"
        constraints = [models.UniqueConstraint(fields=["key", "slice_start"], name="attempt_counter_unique")]
        indexes = [models.Index(fields=["slice_start"], name="attempt_counter_slice_idx")]
