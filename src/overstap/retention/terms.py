"""The retention terms: how many years each category of data is kept once its term has started, per controller.

The defaults and the overrides are settings (``OVERSTAP_RETENTION``, ``OVERSTAP_RETENTION_OVERRIDES``); an override
names its controller the way the sector does: a school by BRIN (every branch) or BRIN and branch number, a
municipality by its GM code, a samenwerkingsverband by its region code. When a term starts is decided per category
in ``rules.py``.
"""

from __future__ import annotations

import datetime
import enum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from overstap.core.dates import add_years
from overstap.organisations.models import Organisation


class Category(enum.StrEnum):
    SCHOOL_DOSSIER = "school_dossier"
    REFERRAL = "referral"
    ATTENDANCE = "attendance"
    YOUTH_CARE = "youth_care"


DEFAULT_YEARS = {
    Category.SCHOOL_DOSSIER: 2,
    Category.REFERRAL: 3,
    Category.ATTENDANCE: 5,
    Category.YOUTH_CARE: 20,
}


def _checked_years(where: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured(f"{where}: a retention term is a whole number of years, at least 1 (got {value!r}).")
    return value


def default_years() -> dict[Category, int]:
    configured = getattr(settings, "OVERSTAP_RETENTION", {}) or {}
    unknown = set(configured) - {c.value for c in Category}
    if unknown:
        raise ImproperlyConfigured(
            f"OVERSTAP_RETENTION: unknown categories {sorted(unknown)}; known are {[c.value for c in Category]}."
        )
    return {
        category: _checked_years(f"OVERSTAP_RETENTION[{category.value!r}]", configured.get(category.value, years))
        for category, years in DEFAULT_YEARS.items()
    }


def overrides() -> dict[str, dict[Category, int]]:
    configured = getattr(settings, "OVERSTAP_RETENTION_OVERRIDES", {}) or {}
    checked: dict[str, dict[Category, int]] = {}
    for key, terms in configured.items():
        where = f"OVERSTAP_RETENTION_OVERRIDES[{key!r}]"
        if not isinstance(terms, dict):
            raise ImproperlyConfigured(f"{where}: give a mapping of category to years.")
        unknown = set(terms) - {c.value for c in Category}
        if unknown:
            raise ImproperlyConfigured(f"{where}: unknown categories {sorted(unknown)}.")
        checked[key.strip().upper().replace(" ", "")] = {
            Category(category): _checked_years(f"{where}[{category!r}]", years) for category, years in terms.items()
        }
    return checked


def controller_keys(organisation: Organisation | None) -> list[str]:
    """The names an override may use for this organisation, most specific first."""
    if organisation is None:
        return []
    keys = []
    if organisation.brin:
        if organisation.vestiging:
            keys.append(f"{organisation.brin}{organisation.vestiging}")
        keys.append(organisation.brin)
    if organisation.gemeente_code:
        keys.append(organisation.gemeente_code)
    if organisation.is_swv:
        keys.extend(region.code.replace(" ", "").upper() for region in organisation.regions.all())
    return keys


def controller_label(organisation: Organisation | None) -> str:
    """How an operator's output names a controller: its first key, else its id (never a person's name)."""
    if organisation is None:
        return "-"
    keys = controller_keys(organisation)
    return keys[0] if keys else f"organisation #{organisation.pk}"


class Terms:
    """The terms of one run: read and checked once, so a bad setting fails before anything is deleted."""

    def __init__(self):
        self.defaults = default_years()
        self.overrides = overrides()
        self._cache: dict[tuple[Category, int | None], int] = {}

    def years(self, category: Category, organisation: Organisation | None) -> int:
        key = (category, organisation.pk if organisation else None)
        if key not in self._cache:
            years = self.defaults[category]
            for name in controller_keys(organisation):
                if category in self.overrides.get(name, {}):
                    years = self.overrides[name][category]
                    break
            self._cache[key] = years
        return self._cache[key]

    @staticmethod
    def expires_on(start: datetime.date, years: int) -> datetime.date:
        """The last day of the term; the record goes on any later day."""
        return add_years(start, years)
