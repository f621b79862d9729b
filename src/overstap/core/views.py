import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not. Used by load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # One line, no traceback: while the database is down every probe would otherwise fill the log.
        logger.warning("Health check: database not reachable (%s)", _first_line(exc))
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response._has_been_logged = True  # not again by Django as an error
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this handler while the unhandled exception is still being handled, wherever it was raised: in a
    # view, or in a middleware such as the session's, which reads the database before any view runs.
    exc = sys.exc_info()[1]
    if exc is not None and is_database_outage(exc):
        return database_unavailable(request, exc)
    # Rendered without a RequestContext on purpose, like Django's own handler: the page must render even when
    # a context processor is what failed. The request id lets support find the logged traceback.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_id": getattr(request, "id", "")}), status=500)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return render(request, "400.html", status=400)


def request_too_large(request: HttpRequest, limit_bytes: int | None = None) -> HttpResponse:
    """413: the body is larger than the service accepts. Said in Dutch, and nothing was read or changed."""
    limit_mb = round(limit_bytes / 1_000_000) if limit_bytes else None
    return render(request, "413.html", {"limit_mb": limit_mb}, status=413)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


# How long a client is asked to wait before trying again while the database is away. A restart of PostgreSQL or a
# fail-over to a standby takes seconds, not minutes.
RETRY_AFTER_SECONDS = 10


_SQLITE_MISTAKES = ("no such ", "near ", "table ", "duplicate column")


def is_database_outage(exc: BaseException) -> bool:
    """Whether an error means the database cannot be reached or the connection to it broke (or, what the client
    can treat alike, the server refused work for a moment: a deadlock, a timeout), rather than a mistake in the
    code. Django wraps the driver's errors in its own classes; the driver's are named too, for the few places that
    do not wrap them."""
    outage_types: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
    try:
        import psycopg

        outage_types += (psycopg.OperationalError, psycopg.InterfaceError)
    except ImportError:  # pragma: no cover - psycopg is in the requirements
        pass
    if not isinstance(exc, outage_types):
        return False
    if connection.vendor == "sqlite":
        # SQLite reports a missing table or column, and bad SQL, as an OperationalError too: those are bugs, not an
        # outage, and keep their 500 and traceback. A locked or unreadable file is something to try again.
        return not str(exc).startswith(_SQLITE_MISTAKES)
    return True


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def database_unavailable(request: HttpRequest, exc: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After: the database is away for a moment. Rendered from the template alone, without a
    request context, because every context processor that asks who is signed in would reach for the database
    again. Logged once per request as one warning line; Django's own error line with a traceback is skipped."""
    from django.template import loader

    if not getattr(request, "_database_outage_logged", False):
        logger.warning("Database unavailable, answered 503: %s", _first_line(exc) if exc else "no connection")
        request._database_outage_logged = True
    if request.path.startswith("/api/"):
        # A connected system reads the API's own error shape, in the same words as the page.
        detail = gettext("Overstap cannot reach its database just now. Try again in a moment.")
        response = JsonResponse({"detail": detail}, status=503)
    else:
        template = loader.get_template("503.html")
        response = HttpResponse(template.render({"retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Skips Django's "Service Unavailable" error line with its traceback: the warning above says it all.
    response._has_been_logged = True
    return response
