"""Log-in with a password and a second factor (TOTP), lock-out, log-out and choosing the role to act in."""

import base64
import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from .forms import LoginForm, TokenForm
from .services import link_authenticator, verify_login_code
from .sessions import (
    ACTING_MEMBERSHIP,
    LOGIN_AT,
    PENDING_BACKEND,
    PENDING_SECONDS,
    PENDING_SINCE,
    PENDING_USER,
)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{resolve_url(url_name)}?{urlencode({'next': next_url})}"


def _is_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def _pending_user(request):
    user_id = request.session.get(PENDING_USER)
    since = request.session.get(PENDING_SINCE, 0)
    if not user_id or time.time() - since > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def _clear_pending(request) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE):
        request.session.pop(key, None)


def _complete_login(request, user, device, next_url: str):
    backend = request.session.get(PENDING_BACKEND, "django.contrib.auth.backends.ModelBackend")
    _clear_pending(request)
    login(request, user, backend=backend)  # rotates the session key; the log-in is audited by a signal
    otp_login(request, device)
    request.session[LOGIN_AT] = time.time()
    request.session.pop(ACTING_MEMBERSHIP, None)
    return redirect(next_url)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_BACKEND] = user.backend
        request.session[PENDING_SINCE] = time.time()
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = "accounts:login-code" if has_device else "accounts:totp-setup"
        return redirect(_with_next(target, _next_url(request)))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next_url(request), "oidc_enabled": settings.OVERSTAP_OIDC_ENABLED},
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code_view(request):
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Please start again with your username and password."))
        return redirect("accounts:login")
    form = TokenForm(request.POST or None, autofocus=True)
    if request.method == "POST" and form.is_valid():
        device = verify_login_code(user, form.cleaned_data["code"])
        if device is not None:
            return _complete_login(request, user, device, _next_url(request))
        # A wrong code counts towards the lock-out like a wrong password.
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
        if getattr(request, "axes_locked_out", False):
            _clear_pending(request)
            return locked_out(request)
        form.add_error("code", _("Code: this code is not correct or has expired. Use the newest code."))
    return render(request, "accounts/login_code.html", {"form": form, "next": _next_url(request)})


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="UTF-8", xml_declaration=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


SETUP_KEY = "overstap_totp_setup_key"


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def totp_setup_view(request):
    """First log-in without a second factor: link an authenticator app, then log in.

    The secret is made for this browser session only and becomes a device when its first code is confirmed, so
    nobody else who once reached this page can hold the same secret.
    """
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Please start again with your username and password."))
        return redirect("accounts:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(_with_next("accounts:login-code", _next_url(request)))
    if _is_locked(request, user):
        _clear_pending(request)
        return locked_out(request)
    key = request.session.get(SETUP_KEY) or default_key()
    request.session[SETUP_KEY] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = link_authenticator(user, key, form.cleaned_data["code"], request=request)
        if device is not None:
            request.session.pop(SETUP_KEY, None)
            return _complete_login(request, user, device, _next_url(request))
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
        if getattr(request, "axes_locked_out", False):
            _clear_pending(request)
            return locked_out(request)
        form.add_error("code", _("Code: this code is not correct. Check the time on your phone and try again."))
    device = TOTPDevice(user=user, name="Authenticator", key=key)  # only to show the secret; not saved here
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/totp_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": _qr_data_uri(device.config_url),
        },
    )


@require_POST
@csrf_protect
def logout_view(request):
    logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("ui:home")


@require_POST
@csrf_protect
def switch_membership_view(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    try:
        chosen = int(request.POST.get("membership", ""))
    except ValueError:
        chosen = None
    if chosen in {m.pk for m in request.user.active_memberships()}:
        request.session[ACTING_MEMBERSHIP] = chosen
    else:
        messages.error(request, _("Role: choose one of your own roles."))
    return redirect(_next_url(request))


def locked_out(request, credentials=None, *args, **kwargs) -> HttpResponse:
    """The same answer for every username, existing or not."""
    return render(request, "accounts/locked_out.html", {"minutes": settings.OVERSTAP_LOCKOUT_MINUTES}, status=429)
