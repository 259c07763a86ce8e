from django.db import models

from ..constants import RegionLevel


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: "Region") -> "RegionQuerySet":
        """The region and everything below it (one indexed prefix scan on `path`)."""
        return self.filter(path__startswith=region.path)


class Region(models.Model):
    """区划 — a node of the district → town/street → village/community tree.

    `path` is the chain of codes from the root ("371302/371302001/"), so a subtree is one
    indexed `LIKE 'prefix%'` query instead of a recursive walk.
    """

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "区划"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # path is derived data of code and parent; keeping it in save() keeps it from drifting.
        prefix = self.parent.path if self.parent_id else ""
        self.path = f"{prefix}{self.code}/"
        super().save(*args, **kwargs)

    def contains(self, other: "Region") -> bool:
        return other.path.startswith(self.path)
