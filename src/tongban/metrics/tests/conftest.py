from tongban.cases.tests.conftest import SHANGHAI, at, cases_world, submit_online, world  # noqa: F401
