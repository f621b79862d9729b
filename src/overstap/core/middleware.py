import logging
import re
import uuid

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from .logging import reset_request_id, set_request_id

# An id from a trusted proxy is kept when it looks like an id; anything else is replaced, so that a client
# cannot write arbitrary text into the logs.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_ID_HEADER = "X-Request-ID"
logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    """Gives every request an id, exposes it as ``request.id`` and in the response header, and in the logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "") if settings.OVERSTAP_TRUST_REQUEST_ID_HEADER else ""
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django does not set by itself: a strict Content-Security-Policy and a Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user are never kept by the browser or a proxy: on a shared school computer the
    back button must not show a pupil after log-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than ``OVERSTAP_REQUEST_MAX_BYTES`` with a Dutch 413 page, before
    anything reads it. The limit sits just above the largest upload the service takes (a pupil list), so only a
    client's mistake or an attack meets it: logged as one warning line, never as an error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.OVERSTAP_REQUEST_MAX_BYTES
        if length > limit:
            from .views import request_too_large

            logger.warning("Request body of %d bytes refused: the limit is %d bytes", length, limit)
            return request_too_large(request, limit)
        return self.get_response(request)
