import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
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
    except DatabaseError:
        logger.exception("Health check: database not reachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
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
