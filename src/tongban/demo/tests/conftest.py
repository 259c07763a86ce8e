"""The generators' tests run in the worlds of the apps whose rows they write, imported explicitly."""

from tongban.cases.tests.conftest import cases_world  # noqa: F401
from tongban.catalog.tests.conftest import world  # noqa: F401
from tongban.hotline.tests.conftest import user  # noqa: F401
from tongban.ratings.tests.conftest import rating_world  # noqa: F401
