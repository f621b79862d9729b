"""A short schemathesis run against the API's own schema, with a real token in a small seeded region: no server
error and every answer as the schema says. Bounded (a few examples per operation) so it stays in the normal suite;
the longer run is described in docs/api/README.md."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .world import school, token

EXAMPLES = int(os.environ.get("OVERSTAP_SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application).include(path_regex="^/api/v1/(?!matrix)")


@pytest.fixture(autouse=True)
def _connections_stay_open():
    """The calls go straight to the WSGI application, not through Django's test client, so nothing stops the end
    of each request from closing the test's database connection (which holds the test's transaction: with SQLite
    in a file, as when the worker tests run too, the next request finds it closed). Do what the test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(db):
    world = school("School A")
    school("School B")
    _token, key = token(world)
    return key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_answers_as_its_schema_says(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
