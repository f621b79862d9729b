"""The monitoring's "at home without education" signal, raised for exactly the pupils the register counts.

Declared here, with the monitoring's own ``finding`` decorator, when this app is ready: monitoring never imports
the register. One signal per pupil and cause (absent since a day, or enrolled nowhere since a day), owned by
leerplicht of the pupil's municipality; without a municipality on record, by the pupil's school (the last one
for a pupil enrolled nowhere). The signal links to the pupil's route in the register. It supersedes the "no place"
signal of the same pupil: one pupil, one signal, named after the register's definition.
"""

import datetime
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from overstap.accounts.roles import Role
from overstap.monitoring.findings import SCHOOL_OWNER, Finding, finding
from overstap.monitoring.models import SignalKind
from overstap.organisations.models import Organisation, OrganisationType
from overstap.pupils.models import Enrolment, Pupil

from . import definition

DUE_DAYS = 5


def _route_of(signal) -> str:
    return reverse("thuiszitters:route", kwargs={"pupil_pk": signal.pupil_id})


def _cause(reason: definition.Reason) -> str:
    if reason.kind == definition.ABSENT:
        return _("Absent without permission since %(day)s: four weeks or more.") % {
            "day": reason.since.strftime("%d-%m-%Y")
        }
    return f"{reason.text}."


# A pupil the register counts is a thuiszitter first: the "no place" signal of the same pupil (enrolled nowhere, or
# a move without a school) would be a second piece of work for the same officer, so this one takes it over.
@finding(SignalKind.THUISZITTER, case_bound=False, link=_route_of, supersedes=(SignalKind.GEEN_PLEK,))
def counted_in_register(today: datetime.date, pupil=None) -> Iterable[Finding]:
    """Every pupil the register counts on ``today`` (``definition.counted``)."""
    pupils = Pupil.objects.all() if pupil is None else Pupil.objects.filter(pk=pupil.pk)
    schools = (
        Enrolment.objects.filter(pupil=OuterRef("pk"), start_date__lte=today)
        .exclude(organisation__type=OrganisationType.VOORSCHOOL)
        .order_by("-start_date", "-pk")
    )
    found = list(
        definition.counted(pupils, today)
        .annotate(school_id=Subquery(schools.values("organisation_id")[:1]))
        .select_related("municipality")
        .order_by("pk")
    )
    fallback = Organisation.objects.in_bulk({p.school_id for p in found if p.school_id})
    for counted in found:
        if counted.municipality_id is not None:
            owner, role = counted.municipality, Role.LEERPLICHT
        elif counted.school_id is not None:
            owner, role = fallback[counted.school_id], SCHOOL_OWNER
        else:  # nobody to own it: no municipality and never at a school; nobody sees such a pupil either
            continue
        reason = definition.reason(counted, today)
        since = reason.since.isoformat() if reason.since else "-"
        yield Finding(
            SignalKind.THUISZITTER,
            f"thuis:{counted.pk}:{reason.kind}:{since}",
            counted,
            owner,
            role,
            _cause(reason),
            today + datetime.timedelta(days=DUE_DAYS),
        )
