"""The log: every record written while a request is handled carries that request's id, and every record is written
as one line (JSON in production, ``key=value`` elsewhere) that holds no personal data."""

import datetime
import json
import logging
import re
import traceback
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


# --- One line per record ------------------------------------------------------------------------------------------
#
# Every record becomes one line: the operator's log collector splits on newlines, and a traceback spread over thirty
# lines is thirty records that no longer carry the request id. A traceback keeps where it happened (the frames: file,
# line, function) and the exception's type, never the exception's message or the frames' local values: a message
# may quote what was wrong with the data ("duplicate key (bsn)=(123456782)", a name that did not parse), and the
# log is read by people who may not read dossiers. The request is named by its method and path; never by its query
# string, which may hold a search for a pupil's name.

_SITE_MARKERS = ("/site-packages/", "/src/")
# Loggers whose message is a request line ("GET /leerlingen/?q=… HTTP/1.1"): the query string is cut off.
REQUEST_LINE_LOGGERS = frozenset({"django.server", "gunicorn.access"})
_QUERY = re.compile(r"(\s/[^\s?]*)\?[^\s\"]*")


def _short_file(filename: str) -> str:
    for marker in _SITE_MARKERS:
        if marker in filename:
            return filename.rsplit(marker, 1)[1]
    return filename


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def exception_fields(exc_info) -> dict:
    """The exception of a record as fields that hold no data: its type, the types it was raised from, and the frames
    of its traceback (innermost last), each ``file:line in function``."""
    if not exc_info or exc_info is True or exc_info[1] is None:
        return {}
    exc = exc_info[1]
    chain, seen, cause = [], {id(exc)}, exc.__cause__ or exc.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        chain.append(_type_name(cause))
        cause = cause.__cause__ or cause.__context__
    frames = [f"{_short_file(f.filename)}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)]
    fields = {"exc_type": _type_name(exc), "traceback": frames}
    if chain:
        fields["exc_chain"] = chain
    return fields


def record_fields(record: logging.LogRecord, time_text: str) -> dict:
    fields = {
        "time": time_text,
        "level": record.levelname,
        "logger": record.name,
        "request_id": getattr(record, "request_id", None) or get_request_id(),
    }
    request = getattr(record, "request", None)
    method = getattr(request, "method", None)
    if method:
        fields["method"] = method
        fields["path"] = getattr(request, "path", "")
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    message = record.getMessage()
    if record.name in REQUEST_LINE_LOGGERS:
        message = _QUERY.sub(r"\1", message)
    fields["message"] = message
    fields.update(exception_fields(record.exc_info))
    return fields


class _OneLineFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def format(self, record: logging.LogRecord) -> str:
        return self.render(record_fields(record, self.formatTime(record)))

    def render(self, fields: dict) -> str:
        raise NotImplementedError


class JsonFormatter(_OneLineFormatter):
    """One JSON object per line (production): what a log collector reads without a parser of its own."""

    def render(self, fields: dict) -> str:
        return json.dumps(fields, ensure_ascii=False, default=str)


_BARE = re.compile(r"^[A-Za-z0-9_.:/@+-]+$")


def _value(value) -> str:
    if isinstance(value, list):
        value = "|".join(str(item) for item in value)
    text = str(value)
    return text if _BARE.fullmatch(text) else json.dumps(text, ensure_ascii=False)


class KeyValueFormatter(_OneLineFormatter):
    """One line of ``key=value`` pairs after the time, level and logger, for a person reading a terminal. A value
    with a space, a quote or a line break is quoted as JSON, so that a line never breaks and never fakes a field."""

    def render(self, fields: dict) -> str:
        head = f"{fields.pop('time')} {fields.pop('level')} {fields.pop('logger')}"
        return " ".join([head, *(f"{key}={_value(value)}" for key, value in fields.items())])
