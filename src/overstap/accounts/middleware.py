import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .sessions import ACTING_MEMBERSHIP, LOGIN_AT


class SessionLimitsMiddleware:
    """Ends a session 12 hours after log-in, however active it was (the idle limit is the session cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None or time.time() - started > settings.OVERSTAP_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class ActingMembershipMiddleware:
    """Puts the membership the user acts in (their choice, or their only one) on ``request.user``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            memberships = list(user.active_memberships())
            chosen = request.session.get(ACTING_MEMBERSHIP)
            acting = next((m for m in memberships if m.pk == chosen), memberships[0] if memberships else None)
            user.acting_membership = acting
            user.available_memberships = memberships
        return self.get_response(request)
