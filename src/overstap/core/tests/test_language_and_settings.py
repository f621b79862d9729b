import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from conftest import REPO_ROOT


def test_dutch_is_the_default_language_and_amsterdam_the_time_zone():
    assert django_settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in django_settings.LANGUAGES] == ["nl", "en"]
    assert django_settings.TIME_ZONE == "Europe/Amsterdam"


@pytest.mark.django_db
def test_pages_are_dutch_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="nl"' in html
    assert "Naar de inhoud" in html  # skip link


@pytest.mark.django_db
def test_the_language_switch_in_the_header_changes_the_language_and_returns_to_the_page(client):
    page = client.get("/matrix/")
    assert 'action="/i18n/setlang/"' in page.content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/matrix/"})
    assert response.status_code == 302
    assert response["Location"] == "/matrix/"
    html = client.get("/matrix/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Naar de inhoud" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_language_switch_refuses_to_redirect_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def _run_with_settings(module: str, env_extra: dict) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": module, **env_extra}
    return subprocess.run(
        [sys.executable, "src/manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_with_settings("overstap.conf.production", {"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check_when_configured():
    result = _run_with_settings(
        "overstap.conf.production",
        {
            "DJANGO_SECRET_KEY": "x" * 20 + "production-test-key-0123456789-abcdefghij",
            "DATABASE_URL": "postgres://overstap@127.0.0.1:1/overstap",
            "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
            "DJANGO_ALLOWED_HOSTS": "overstap.example.nl",
        },
    )
    assert result.returncode == 0, result.stderr


def test_production_settings_refuse_to_start_without_a_broker():
    result = _run_with_settings(
        "overstap.conf.production",
        {
            "DJANGO_SECRET_KEY": "x" * 20 + "production-test-key-0123456789-abcdefghij",
            "DATABASE_URL": "postgres://overstap@127.0.0.1:1/overstap",
        },
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr
