"""Audit actions of the working-day calendar administration, in one place."""

YEAR_PUBLISHED = "calendar.year_published"
REGION_CLOSURES_SAVED = "calendar.region_closures_saved"
