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


# A key as `secrets.token_urlsafe(50)` makes one (made once, fixed here so the test is the same every time).
STRONG_KEY = "q3Vh0-JxN8sWcT2mKbZ7yLr5fPaE9dGuXoH4iQ1nCvB6wRtY_kSjMzUlDgAe0pFsIh"
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://overstap@127.0.0.1:1/overstap",
    "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    "DJANGO_ALLOWED_HOSTS": "overstap.example.nl",
}


def _run_with_settings(module: str, env_extra: dict, fail_level: str = "ERROR") -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": module, **env_extra}
    return subprocess.run(
        [sys.executable, "src/manage.py", "check", "--deploy", "--fail-level", fail_level],
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


def test_production_settings_pass_the_deploy_check_without_a_single_warning():
    result = _run_with_settings(
        "overstap.conf.production", {"DJANGO_SECRET_KEY": STRONG_KEY, **PRODUCTION_ENV}, fail_level="WARNING"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("a" * 60, "different characters"),
        ("x" * 20 + "production-test-key-0123456789-abcdefghij", "runs along the alphabet"),
        ("correcthorsebatterystaple" * 3, "repeats a pattern"),
        ("django-insecure-" + STRONG_KEY, "development key"),
        (STRONG_KEY[:40], "at least 50"),
    ],
)
def test_production_settings_refuse_a_weak_secret_key_even_when_it_is_long(key, reason):
    result = _run_with_settings("overstap.conf.production", {"DJANGO_SECRET_KEY": key, **PRODUCTION_ENV})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr
    assert reason in result.stderr


def test_generated_secret_keys_are_accepted():
    import secrets

    from django.core.management.utils import get_random_secret_key

    from overstap.conf.env import secret_key_weakness

    for _ in range(500):
        assert secret_key_weakness(get_random_secret_key()) is None
        assert secret_key_weakness(secrets.token_urlsafe(50)) is None
        assert secret_key_weakness(secrets.token_hex(32)) is None


def test_production_settings_refuse_to_start_without_a_broker():
    result = _run_with_settings(
        "overstap.conf.production",
        {
            "DJANGO_SECRET_KEY": STRONG_KEY,
            "DATABASE_URL": "postgres://overstap@127.0.0.1:1/overstap",
        },
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr
