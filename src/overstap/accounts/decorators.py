from functools import wraps

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.views import redirect_to_login

from .sessions import SSO
from .signals import OIDC_BACKEND


def is_fully_authenticated(request) -> bool:
    """Logged in with a second factor: TOTP here, or the identity provider's own for single sign-on."""
    user = request.user
    if not user.is_authenticated:
        return False
    sso = request.session.get(SSO) and request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND
    return bool(sso) or bool(getattr(user, "is_verified", lambda: False)())


def login_required(view):
    """Like Django's login_required, but a password without the second factor is not enough."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_fully_authenticated(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.overstap_login_required = True
    return wrapper
