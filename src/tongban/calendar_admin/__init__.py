"""Administration of the working-day calendar data: add a year's notice without a release."""
