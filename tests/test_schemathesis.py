"""Property-based run over the whole OpenAPI document, as anonymous, citizen and staff callers.

Every operation is called with schemathesis-generated requests (valid and invalid) through the
WSGI application on the real test database. Each reply must not be a server error, must carry a
documented status code and content type, and must match its documented schema. The run is
bounded (few examples per operation, derandomised) so that it fits the normal test run on both
databases; raise TONGBAN_SCHEMATHESIS_EXAMPLES for a deeper local probe.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

from tongban.accounts.middleware import forget_cached_tokens
from tongban.api import api

from .conftest import issue_token

MAX_EXAMPLES = int(os.environ.get("TONGBAN_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()

BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def bearer(demo, request):
    forget_cached_tokens()
    username = request.param
    headers = {"Authorization": f"Bearer {issue_token(username)}"} if username else {}
    # The WSGI handler closes the connection after each request unless it is in autocommit mode;
    # inside the test's transaction that would close it for good. Django's test client suspends
    # the same receivers around each of its requests (so this comes after issue_token).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield headers
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("bearer", [None, "zhangsan", "shouli", "admin"], indirect=True,
                         ids=["anonymous", "citizen", "intake_clerk", "admin"])
@schema.parametrize()
@BOUNDED
def test_api_conforms_to_its_openapi_document(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
