import json
import logging
import re
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import path

from overstap.core.middleware import REQUEST_ID_HEADER


def _boom(request):
    try:
        {}["bsn"]
    except KeyError:
        # What an exception's message may well hold: a name and a BSN from the data it choked on.
        raise RuntimeError("Pietje Puk 123456782 kapot in de test")  # noqa: B904 (chained on purpose)


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


@pytest.fixture
def console_log():
    """What the configured console handler writes (every logger writes through it), as the operator would read it."""
    import io

    handler = logging.getLogger("django.request").handlers[0]
    assert handler is logging.getLogger().handlers[0], "the root and django.request share the console handler"
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def json_console(console_log):
    """The console handler with the formatter production uses."""
    from overstap.core.logging import JsonFormatter

    handler = logging.getLogger("django.request").handlers[0]
    previous = handler.formatter
    handler.setFormatter(JsonFormatter())
    yield console_log
    handler.setFormatter(previous)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_one_json_line_with_the_request_id_and_no_data(settings, json_console):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/?zoek=Pietje+Puk")
    assert response.status_code == 500
    request_id = response[REQUEST_ID_HEADER]
    # The user sees the id on the Dutch error page, so the helpdesk can find the line.
    html = response.content.decode()
    assert "Er ging iets mis" in html and request_id in html
    lines = json_console.getvalue().splitlines()
    errors = [json.loads(line) for line in lines if json.loads(line)["level"] == "ERROR"]
    assert len(errors) == 1, lines
    error = errors[0]
    assert error["request_id"] == request_id
    assert error["method"] == "GET" and error["path"] == "/boom/" and error["status"] == 500
    assert error["exc_type"] == "RuntimeError" and error["exc_chain"] == ["KeyError"]
    assert any("in _boom" in frame for frame in error["traceback"])
    # Neither the exception's message nor the query string reaches the log.
    written = json_console.getvalue()
    for secret in ("Pietje", "Puk", "123456782", "zoek="):
        assert secret not in written


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_one_key_value_line_outside_production(settings, console_log):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/?zoek=Pietje")
    request_id = response[REQUEST_ID_HEADER]
    errors = [line for line in console_log.getvalue().splitlines() if " ERROR " in line]
    assert len(errors) == 1
    line = errors[0]
    assert f"request_id={request_id}" in line and "method=GET path=/boom/ status=500" in line
    assert "exc_type=RuntimeError" in line and "in _boom" in line
    assert "Pietje" not in console_log.getvalue() and "123456782" not in console_log.getvalue()


def test_a_request_line_is_logged_without_its_query_string():
    from overstap.core.logging import JsonFormatter, KeyValueFormatter

    # As the development server logs each request.
    line_args = ("GET /leerlingen/?q=Pietje+Puk HTTP/1.1", 200, 5)
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s', line_args, None)
    for formatter in (JsonFormatter(), KeyValueFormatter()):
        line = formatter.format(record)
        assert "GET /leerlingen/ HTTP/1.1" in line and "Pietje" not in line and "\n" not in line


def test_production_writes_json_lines():
    from overstap.conf import base

    assert base.LOGGING["handlers"]["console"]["formatter"] == base.LOG_FORMAT
    source = (Path(base.__file__).parent / "production.py").read_text()
    assert 'LOGGING["handlers"]["console"]["formatter"] = env_str("DJANGO_LOG_FORMAT", "json")' in source


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
