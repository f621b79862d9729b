"""While the database is away: a Dutch 503 page with Retry-After, one warning line, and a fresh connection after.

The database going away is played here by making every new cursor fail the way psycopg does when the server is
gone; scripts/db-failure-drill kills a real PostgreSQL under gunicorn.
"""

import io
import logging
from unittest import mock

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from overstap.testing.factories import UserFactory, log_in

GONE = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


@pytest.fixture
def console_log():
    """What the console handler writes (the application's lines and Django's error lines), as the operator reads
    it."""
    handler = logging.getLogger("django.request").handlers[0]
    assert handler is logging.getLogger("overstap").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def database_down(error=GONE):
    return mock.patch.object(connection, "cursor", side_effect=error)


@pytest.mark.django_db
def test_a_signed_in_user_gets_a_dutch_try_again_page_while_the_database_is_away(console_log):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    # The session middleware reads the session from the database before any view runs.
    with database_down():
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Probeer het zo opnieuw" in html
    assert "misschien niet opgeslagen" in html
    assert 'lang="nl"' in html
    written = console_log.getvalue()
    assert written.count("\n") == 1, written
    assert "WARNING overstap.core.views" in written and "Database unavailable" in written
    assert "Connection refused" in written
    assert "Traceback" not in written and "ERROR" not in written


@pytest.mark.django_db
def test_the_page_works_again_on_the_next_request_once_the_database_is_back():
    client = log_in(Client(raise_request_exception=False), UserFactory())
    assert client.get("/").status_code == 200
    with database_down():
        assert client.get("/").status_code == 503
    # Still signed in: the outage cost the user a page, not the session.
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["user"].is_authenticated


@pytest.mark.django_db
def test_a_connected_system_gets_the_same_words_in_the_api_error_shape():
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.post(
            "/api/v1/pupils/", data={}, content_type="application/json", HTTP_AUTHORIZATION="Bearer ovs_x"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json() == {"detail": "Overstap kan de database nu even niet bereiken. Probeer het zo opnieuw."}


@pytest.mark.django_db
def test_a_mistake_in_a_query_is_still_a_500_with_its_traceback(console_log):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with database_down(ProgrammingError('relation "django_session" does not exist')):
        response = client.get("/")
    assert response.status_code == 500
    # A server error, not an outage: one ERROR line with the exception's type and its frames (no warning, no 503).
    written = console_log.getvalue()
    assert " ERROR " in written and "ProgrammingError" in written and "traceback=" in written


@pytest.mark.django_db
def test_the_health_check_answers_503_with_one_warning_line(client, console_log):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    written = console_log.getvalue()
    assert written.count("\n") == 1 and "WARNING" in written and "Traceback" not in written


def test_a_kept_connection_is_checked_before_it_is_reused(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
