"""The checkpoint's memory for one request: one answer per (actor, object, rule), forgotten on any write.

A page asks ``can()`` several times about the same object (may I see it, may I change it, may I read who looked);
without this memory each question is a query of its own. The memory exists only inside a request (the middleware
opens and closes it), so a service or command run outside one always asks the database. Any statement that writes,
other than the audit trail's own inserts, clears it: an answer never outlives the state it was given for.
"""

from contextvars import ContextVar

from django.db import connections

_answers: ContextVar[dict | None] = ContextVar("overstap_authz_answers", default=None)

# The audit trail is written on every read; it never changes what anyone may do.
_HARMLESS_WRITES = ('INSERT INTO "audit_auditevent"', "SAVEPOINT", "RELEASE SAVEPOINT")


def get(key):
    answers = _answers.get()
    return None if answers is None else answers.get(key)


def remember(key, allowed: bool) -> None:
    answers = _answers.get()
    if answers is not None:
        answers[key] = allowed


def forget() -> None:
    answers = _answers.get()
    if answers is not None:
        answers.clear()


def _forget_on_write(execute, sql, params, many, context):
    statement = sql.lstrip()
    if statement[:6].upper() != "SELECT" and not statement.startswith(_HARMLESS_WRITES):
        forget()
    return execute(sql, params, many, context)


class RequestCacheMiddleware:
    """Opens the checkpoint's memory for the length of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _answers.set({})
        try:
            with connections["default"].execute_wrapper(_forget_on_write):
                return self.get_response(request)
        finally:
            _answers.reset(token)
