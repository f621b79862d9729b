"""Log-in with a second factor, lock-out, session rotation and time-outs."""

import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from overstap.accounts.sessions import LOGIN_AT
from overstap.audit.models import Action, AuditEvent
from overstap.testing.factories import MembershipFactory, UserFactory, log_in

pytestmark = pytest.mark.django_db
PASSWORD = "Een-goed-wachtwoord-1"


@pytest.fixture
def professional():
    membership = MembershipFactory(role="ib")
    device = TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True)
    return membership.user, device


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _login_page_text(response) -> str:
    # The page without its per-request CSRF token and the username echoed back, to compare two answers.
    import re

    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r'name="username" value="[^"]*"', 'name="username"', html)


def test_password_then_code_logs_in_and_rotates_the_session(client, professional):
    user, device = professional
    client.get("/account/inloggen/")
    before = client.session.session_key
    response = client.post("/account/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and "/account/inloggen/code/" in response["Location"]
    # Password alone is not enough to see pupils.
    assert client.get("/leerlingen/").status_code == 302
    response = client.post("/account/inloggen/code/", {"code": _code(device)})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get("/leerlingen/").status_code == 200
    assert AuditEvent.objects.filter(actor_id=user.pk, action=Action.LOGIN).exists()


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client, professional):
    user, _device = professional
    wrong = client.post("/account/inloggen/", {"username": user.username, "password": "fout"})
    unknown = client.post("/account/inloggen/", {"username": "bestaat-niet", "password": "fout"})
    assert wrong.status_code == unknown.status_code == 200
    assert _login_page_text(wrong) == _login_page_text(unknown)
    assert "Gebruikersnaam of wachtwoord klopt niet" in wrong.content.decode()


@pytest.mark.parametrize("exists", [True, False])
def test_five_failures_lock_the_account_whether_or_not_it_exists(client, professional, exists):
    user, _device = professional
    username = user.username if exists else "niemand"
    for _ in range(4):
        assert client.post("/account/inloggen/", {"username": username, "password": "fout"}).status_code == 200
    locked = client.post("/account/inloggen/", {"username": username, "password": "fout"})
    assert locked.status_code == 429
    assert "Te vaak geprobeerd" in locked.content.decode()
    # Now even the right password is refused, with the same answer.
    again = client.post("/account/inloggen/", {"username": username, "password": PASSWORD})
    assert again.status_code == 429
    assert _login_page_text(again) == _login_page_text(locked)


def test_wrong_codes_count_towards_the_lock_out(client, professional):
    user, device = professional
    client.post("/account/inloggen/", {"username": user.username, "password": PASSWORD})
    for _ in range(4):
        response = client.post("/account/inloggen/code/", {"code": "000000"})
        assert "Code:" in response.content.decode()
    assert client.post("/account/inloggen/code/", {"code": "000000"}).status_code == 429
    assert AccessAttempt.objects.filter(username=user.username, failures_since_start__gte=5).exists()
    # The right code no longer helps: the pending log-in was dropped.
    response = client.post("/account/inloggen/code/", {"code": _code(device)})
    assert response.status_code == 302 and response["Location"].endswith("/account/inloggen/")


def test_a_first_log_in_without_an_app_links_one_before_entering(client):
    user = MembershipFactory(role="mentor").user
    client.post("/account/inloggen/", {"username": user.username, "password": PASSWORD})
    page = client.get("/account/inloggen/app-koppelen/")
    assert page.status_code == 200 and "data:image/svg+xml;base64," in page.content.decode()
    import base64

    key = base64.b32decode(page.context["secret"].replace(" ", "")).hex()
    device = TOTPDevice(user=user, key=key)
    assert client.post("/account/inloggen/app-koppelen/", {"code": "12345x"}).status_code == 200
    response = client.post("/account/inloggen/app-koppelen/", {"code": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/leerlingen/").status_code == 200


def test_the_session_ends_after_30_idle_minutes_and_12_hours_in_all(client, professional):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    user, _device = professional
    log_in(client, user)
    assert client.get("/leerlingen/").status_code == 200
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/leerlingen/")
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_log_out_needs_a_post_and_ends_the_session(client, professional):
    user, _device = professional
    log_in(client, user)
    assert client.get("/account/uitloggen/").status_code == 405
    client.post("/account/uitloggen/")
    assert client.get("/leerlingen/").status_code == 302


def test_a_user_switches_between_their_own_roles_only(client):
    user = UserFactory()
    first = MembershipFactory(user=user, role="ib")
    second = MembershipFactory(user=user, role="ib")
    stranger = MembershipFactory(role="ib")
    log_in(client, user, first)
    client.post("/account/rol/", {"membership": second.pk, "next": "/leerlingen/"})
    assert client.session["overstap_acting_membership"] == second.pk
    client.post("/account/rol/", {"membership": stranger.pk, "next": "/leerlingen/"})
    assert client.session["overstap_acting_membership"] == second.pk


def test_single_sign_on_is_switched_on_by_configuration():
    import os
    import subprocess
    import sys

    from conftest import REPO_ROOT

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "overstap.conf.ci",
        "OVERSTAP_OIDC_ENABLED": "true",
        "OIDC_RP_CLIENT_ID": "overstap",
        "OIDC_RP_CLIENT_SECRET": "geheim",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    }
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django.urls import reverse;"
        "print('overstap.accounts.oidc.OverstapOIDCBackend' in settings.AUTHENTICATION_BACKENDS);"
        "print(reverse('oidc_authentication_init'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT / "src", env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "/oidc/authenticate/"]


@pytest.fixture
def oidc_settings(settings):
    settings.OIDC_RP_CLIENT_ID = "overstap"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_CREATE_USER = False
    return settings


def test_single_sign_on_matches_existing_accounts_by_email_and_never_creates_one(oidc_settings):
    from overstap.accounts.oidc import OverstapOIDCBackend

    user = UserFactory(email="Inge.Bakker@school.example")
    backend = OverstapOIDCBackend()
    # A provider that does not say the address is verified gets no account.
    assert not backend.filter_users_by_claims({"email": "inge.bakker@school.example"})
    assert list(backend.filter_users_by_claims({"email": "inge.bakker@school.example", "email_verified": True})) == [
        user
    ]
    assert not backend.filter_users_by_claims({"email": "inge.bakker@school.example", "email_verified": False})
    assert not backend.filter_users_by_claims({"email": "onbekend@school.example"})
    assert not backend.filter_users_by_claims({})
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


def test_single_sign_on_needs_the_providers_second_factor(oidc_settings):
    from django.core.exceptions import SuspiciousOperation

    oidc_settings.OVERSTAP_OIDC_REQUIRED_AMR = ["mfa", "otp"]
    from overstap.accounts.oidc import OverstapOIDCBackend

    with pytest.raises(SuspiciousOperation):
        OverstapOIDCBackend().get_or_create_user("token", "id-token", {"amr": ["pwd"]})


def test_a_code_is_refused_when_the_account_was_locked_meanwhile(client, professional):
    from django.test import Client

    user, device = professional
    other = Client()
    client.post("/account/inloggen/", {"username": user.username, "password": PASSWORD})
    other.post("/account/inloggen/", {"username": user.username, "password": PASSWORD})
    for _ in range(5):
        other.post("/account/inloggen/code/", {"code": "000000"})
    response = client.post("/account/inloggen/code/", {"code": _code(device)})
    assert response.status_code == 429
    assert client.get("/leerlingen/").status_code == 302


def test_each_browser_gets_its_own_secret_when_linking_an_app(client):
    from django.test import Client

    user = MembershipFactory(role="mentor").user
    other = Client()
    for c in (client, other):
        c.post("/account/inloggen/", {"username": user.username, "password": PASSWORD})
    first = client.get("/account/inloggen/app-koppelen/").context["secret"]
    second = other.get("/account/inloggen/app-koppelen/").context["secret"]
    assert first != second
    assert not TOTPDevice.objects.filter(user=user).exists(), "no device before a code is confirmed"


def test_the_page_to_return_to_survives_the_log_in_with_all_its_parameters(client, professional):
    user, device = professional
    target = "/leerlingen/?q=a&pagina=2"
    response = client.post("/account/inloggen/", {"username": user.username, "password": PASSWORD, "next": target})
    response = client.post(response["Location"], {"code": _code(device)})
    assert response["Location"] == target
    from django.test import Client

    crafted = Client().post("/account/inloggen/", {"username": "x", "password": "y", "next": "/ok\r\nSet-Cookie: a=b"})
    assert crafted.status_code == 200 and 'name="next" value="/"' in crafted.content.decode()


def test_pages_for_a_signed_in_user_are_never_stored(client, professional):
    user, _device = professional
    assert "no-store" not in client.get("/matrix/").get("Cache-Control", "")
    log_in(client, user)
    assert "no-store" in client.get("/leerlingen/")["Cache-Control"]


class CountingHasher(PBKDF2PasswordHasher):
    """The production hasher with fewer rounds, counting how often a password is hashed."""

    iterations = 20_000
    calls = 0

    def encode(self, password, salt, iterations=None):
        type(self).calls += 1
        return super().encode(password, salt, iterations)


def test_an_unknown_user_costs_the_same_hashing_and_time_as_a_wrong_password(client, professional, settings):
    """No user enumeration by the clock: an unknown name is hashed just like a known one with a wrong password."""
    settings.PASSWORD_HASHERS = ["overstap.accounts.tests.test_login.CountingHasher"]
    settings.AXES_FAILURE_LIMIT = 1000  # this test makes many failed attempts on purpose
    user, _device = professional
    user.set_password(PASSWORD)
    user.save()
    timings = {"known": [], "unknown": []}
    for attempt in range(5):  # interleaved, so that a busy machine slows both alike
        for kind, username in (("known", user.username), ("unknown", f"niemand-{attempt}")):
            CountingHasher.calls = 0
            started = time.perf_counter()
            response = client.post("/account/inloggen/", {"username": username, "password": "fout"})
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 200
            assert CountingHasher.calls == 1, (kind, CountingHasher.calls)
    known, unknown = (sorted(timings[kind])[2] for kind in ("known", "unknown"))
    assert 0.5 < unknown / known < 2, timings
