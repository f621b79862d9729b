"""Request ids for log lines: every record written while a request is handled carries that request's id."""

import logging
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("overstap_request_id", default="-")


def get_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so formatters can always print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = get_request_id()
        return True


# Django logs these client mistakes as errors with a traceback; they are the client's, not ours.
CLIENT_MISTAKES = frozenset(
    f"django.security.{name}" for name in ("RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent")
)


class ClientMistakeFilter(logging.Filter):
    """Turns a client's mistake (a body over the limit, too many fields) into one warning line without a
    traceback, so that the error log holds only what the service itself got wrong."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in CLIENT_MISTAKES and record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
