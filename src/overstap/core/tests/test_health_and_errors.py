import logging
import re
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import path

from overstap.core.middleware import REQUEST_ID_HEADER


def _boom(request):
    raise RuntimeError("kapot in de test")


urlpatterns = [path("boom/", _boom)]
handler500 = "overstap.core.views.server_error"


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_not(client):
    with mock.patch("overstap.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")[REQUEST_ID_HEADER]
    second = client.get("/healthz")[REQUEST_ID_HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.django_db
def test_an_incoming_request_id_is_ignored_unless_the_proxy_is_trusted(client, settings):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234abcd")[REQUEST_ID_HEADER] != "proxy-1234abcd"
    settings.OVERSTAP_TRUST_REQUEST_ID_HEADER = True
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234abcd")[REQUEST_ID_HEADER] == "proxy-1234abcd"
    for evil in ("evil\nline injected", "proxy-1234abcd\n", "x" * 65):
        replaced = client.get("/healthz", HTTP_X_REQUEST_ID=evil)[REQUEST_ID_HEADER]
        assert replaced != evil and re.fullmatch(r"[0-9a-f]{32}", replaced)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_request_id_when_debug_is_off(settings, caplog):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    request_id = response[REQUEST_ID_HEADER]
    # The user sees the id on the error page, so support can find the traceback in the log.
    assert request_id in response.content.decode()
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the error was not logged"
    assert records[0].request_id == request_id
    assert records[0].exc_info and "kapot in de test" in str(records[0].exc_info[1])


@pytest.mark.django_db
def test_the_log_format_prints_the_request_id(settings):
    assert "request_id=%(request_id)s" in settings.LOGGING["formatters"]["plain"]["format"]
    assert settings.LOGGING["loggers"]["django.request"]["level"] == "ERROR"


@pytest.mark.django_db
def test_unknown_page_gets_a_dutch_404_with_a_way_back(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def console_log():
    """What the console handler writes, as the operator would read it."""
    import io

    handler = logging.getLogger("django.security").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_form_body_over_the_limit_gets_a_dutch_413_and_one_warning_line(settings, console_log):
    settings.DEBUG = False
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client(raise_request_exception=False)
    response = client.post("/account/inloggen/", {"username": "x" * 20_000, "password": "y"})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Te veel tegelijk verstuurd" in html
    assert "niets veranderd" in html
    written = console_log.getvalue()
    assert "WARNING django.security.RequestDataTooBig" in written
    assert "ERROR" not in written and "Traceback" not in written


@pytest.mark.django_db
def test_a_body_announced_over_the_limit_is_refused_before_it_is_read(settings, caplog):
    settings.OVERSTAP_REQUEST_MAX_BYTES = 1_000_000
    client = Client(raise_request_exception=False)
    with mock.patch("django.http.request.HttpRequest.read") as read, caplog.at_level(logging.WARNING):
        response = client.post(
            "/leerlingen/inlezen/", data=b"x" * 10, content_type="text/csv", CONTENT_LENGTH="200000000"
        )
    assert response.status_code == 413
    assert "De grens is 1 MB." in response.content.decode()
    read.assert_not_called()
    assert any("200000000 bytes refused" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
