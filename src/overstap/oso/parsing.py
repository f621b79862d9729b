"""Reading an OSO file safely: a size limit checked before and while reading, defusedxml with no DTD, no entities
and no external references, the dossier's root and namespace, then the XSD of the gegevensset. Every refusal is an
``OsoError`` with a Dutch message for the person who uploaded the file."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _

from . import gegevensset

CHUNK = 64 * 1024


class OsoError(Exception):
    """The file cannot be imported; the message says why, in the user's language."""


def _too_big(limit: int) -> OsoError:
    return OsoError(
        _("File: the file is larger than %(mb)s MB, the most an OSO file may be here.") % {"mb": limit // 1_000_000}
    )


def read_stream(stream, limit: int | None = None) -> bytes:
    """The bytes of a binary stream, read in chunks; refused as soon as more than ``limit`` bytes come."""
    limit = limit or settings.OVERSTAP_OSO_MAX_BYTES
    parts, total = [], 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise _too_big(limit)
        parts.append(chunk)
    return b"".join(parts)


def read_upload(uploaded, limit: int | None = None) -> bytes:
    """An uploaded file: its stated size checked first, then the bytes counted while they are read."""
    limit = limit or settings.OVERSTAP_OSO_MAX_BYTES
    if uploaded is None:
        raise OsoError(_("File: choose the OSO file to upload."))
    if (uploaded.size or 0) > limit:
        raise _too_big(limit)
    parts, total = [], 0
    for chunk in uploaded.chunks(CHUNK):
        total += len(chunk)
        if total > limit:
            raise _too_big(limit)
        parts.append(chunk)
    return b"".join(parts)


def read_path(path, limit: int | None = None) -> bytes:
    import os

    limit = limit or settings.OVERSTAP_OSO_MAX_BYTES
    if os.stat(path).st_size > limit:
        raise _too_big(limit)
    with open(path, "rb") as handle:
        return read_stream(handle, limit)


def parse(data: bytes) -> Element:
    """The dossier element of a well-formed, safe OSO 2019.1 file that the XSD accepts."""
    if not data.strip():
        raise OsoError(_("File: the file is empty."))
    if data[:4] == b"PK\x03\x04":
        raise OsoError(_("File: this is a zip file, not an OSO file. Unpack it and upload the XML file inside."))
    try:
        root = safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise OsoError(
            _("File: the file contains a DTD or entities. An OSO file never has them; it is not read, for safety.")
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        if "encoding" in str(error):
            raise OsoError(
                _("File: the encoding in the XML declaration does not match the file. Export it again as UTF-8.")
            ) from None
        raise OsoError(
            _("File: this is not well-formed XML (line %(line)s, column %(column)s). It may be cut off or not XML.")
            % {"line": line, "column": column}
        ) from None
    except (LookupError, ValueError):
        raise OsoError(_("File: the XML declaration names an unknown encoding. Export it again as UTF-8.")) from None
    namespace, _sep, local = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if local != "dossier":
        raise OsoError(
            _("File: this XML is not an OSO dossier (it starts with “%(root)s” instead of “dossier”).")
            % {"root": local[:40]}
        )
    if namespace != gegevensset.NAMESPACE:
        raise OsoError(
            _("File: the dossier has another namespace than OSO %(version)s (%(found)s).")
            % {"version": gegevensset.STANDARD_VERSION, "found": namespace[:80] or _("none")}
        )
    try:
        errors = gegevensset.validation_errors(root, limit=3)
    except gegevensset.GegevenssetMissing:
        raise OsoError(_("File: OSO files cannot be checked now (the OSO schema is not installed).")) from None
    if errors:
        raise OsoError(
            _("File: the dossier does not follow OSO %(version)s: %(errors)s")
            % {"version": gegevensset.STANDARD_VERSION, "errors": "; ".join(e[:160] for e in errors)}
        )
    return root
