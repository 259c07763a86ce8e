from tongban.cases.tests.conftest import at, cases_world, submit_online, world  # noqa: F401
