"""Reads for the retention commands: which organisations an operator's code names, how much of the audit trail is
past its term."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q

from overstap.audit.maintenance import oldest_allowed_cutoff
from overstap.audit.models import AuditEvent
from overstap.organisations.models import SWV_TYPES, Organisation


def organisations_named(code: str) -> list[Organisation]:
    """The controllers a code names: a BRIN (every branch), BRIN and branch number, a municipality code, or an SWV
    region code (its samenwerkingsverband). Raises ``ValidationError`` when it names none."""
    key = (code or "").strip().upper().replace(" ", "")
    if not key:
        raise ValidationError("--organisation: give a BRIN (12AB), BRIN and branch (12AB00), GM code or region code.")
    query = Q(brin=key) | Q(gemeente_code=key)
    if len(key) == 6 and key[:4].isalnum():
        query |= Q(brin=key[:4], vestiging=key[4:])
    query |= Q(type__in=SWV_TYPES, regions__code__iexact=key) | Q(
        type__in=SWV_TYPES, regions__code__iexact=code.strip()
    )
    found = list(Organisation._base_manager.filter(query).distinct().order_by("pk"))
    if not found:
        raise ValidationError(
            f"--organisation: no organisation has the BRIN, municipality code or region code {code!r}."
        )
    return found


def audit_past_term(today: datetime.date) -> tuple[datetime.date, int]:
    """The day before which audit rows are past the trail's own term, and how many there are."""
    cutoff = oldest_allowed_cutoff(today)
    moment = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
    return cutoff, AuditEvent.objects.filter(at__lt=moment).count()
