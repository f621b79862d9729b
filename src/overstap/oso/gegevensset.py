"""Where the national OSO gegevensset lives, and its XML schema loaded once per process.

The schema and the example dossiers are Edustandaard's, not ours: they are installed beside the project and named
by the setting ``OVERSTAP_OSO_DIR`` (see docs/oso.md). Everything that needs them asks here.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings

NAMESPACE = "http://www.edustandaard.nl/oso_gegevensset/2019/dossier"
STANDARD_VERSION = "2019.1"
XSD_NAME = "OSO_gegevensset.xsd"


class GegevenssetMissing(Exception):
    """The OSO gegevensset is not installed where the settings say."""


def directory() -> Path:
    return Path(settings.OVERSTAP_OSO_DIR)


def xsd_path() -> Path:
    return directory() / XSD_NAME


def available() -> bool:
    return xsd_path().is_file()


def example_files() -> list[Path]:
    """The example dossiers that come with the gegevensset, sorted by name; empty when it is absent."""
    folder = directory() / "examples"
    return sorted(folder.glob("*.xml")) if folder.is_dir() else []


@functools.cache
def _schema(path: str):
    import xmlschema  # loading the schema takes about a second: only when it is needed

    return xmlschema.XMLSchema(path)


def schema():
    """The XML schema, loaded once; raises GegevenssetMissing when it is not installed."""
    if not available():
        raise GegevenssetMissing(str(xsd_path()))
    return _schema(str(xsd_path()))


def validation_errors(document, limit: int = 20) -> list[str]:
    """The schema's complaints about an XML document (a path, bytes or an ElementTree element), at most `limit`."""
    errors = []
    for error in schema().iter_errors(document):
        errors.append(f"{error.path or '/'}: {error.reason}")
        if len(errors) >= limit:
            break
    return errors
