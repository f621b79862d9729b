"""Demo signals: adds a pupil who lost her place, a pupil who was registered at the Lindendal College but did not
come, and a TLV VSO that ends soon, then runs the engine on the demo region so that signals of several kinds are
there (no place, no-show, TLV ending, and whatever the other demo moves give)."""

import datetime

from django.utils import timezone

from overstap.dossiers.demo import _as
from overstap.organisations.models import Organisation
from overstap.pupils.models import Enrolment, Pupil
from overstap.support.models import SupportRequest, SwvDecision
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

from .engine import run_all


def _years_ago(years: int, month: int, day: int) -> datetime.date:
    return datetime.date(timezone.localdate().year - years, month, day)


def _add_pupils(today: datetime.date) -> None:
    lindendal = Organisation.objects.get(name="Gemeente Lindendal")
    college = Organisation.objects.get(name="Lindendal College")
    regenboog = Organisation.objects.get(name="Basisschool De Regenboog")

    # Jesse left the Lindendal College three weeks ago and is enrolled nowhere since.
    jesse = Pupil.objects.create(
        given_names="Jesse", family_name="Smit", birth_date=_years_ago(14, 4, 3), municipality=lindendal
    )
    Enrolment.objects.create(
        pupil=jesse,
        organisation=college,
        start_date=datetime.date(today.year - 2, 8, 20),
        end_date=today - datetime.timedelta(days=21),
        group="2 havo",
    )

    # Aya was registered at the Lindendal College for a start three weeks ago, and never came.
    aya = Pupil.objects.create(
        given_names="Aya", family_name="El Amrani", birth_date=_years_ago(12, 2, 17), municipality=lindendal
    )
    Enrolment.objects.create(
        pupil=aya, organisation=regenboog, start_date=datetime.date(today.year - 8, 8, 20), group="groep 8"
    )
    ib = _as("ib.regenboog")
    case = open_case(ib, aya, college, planned_on=today - datetime.timedelta(days=21))
    change_status(ib, case, Status.AANGEMELD)

    # Yara's TLV VSO ends in two and a half months.
    yara = Pupil.objects.get(family_name="Bakker", given_names="Yara")
    request = SupportRequest.objects.create(
        pupil=yara,
        school=Organisation.objects.get(name="VSO De Horizon"),
        swv=Organisation.objects.get(name="SWV VO Lindendal e.o."),
        kind="tlv_vso",
        question="Toelating tot het VSO.",
        requested_by_name="Demo",
        status="toegekend",
    )
    SwvDecision.objects.create(
        request=request,
        granted=True,
        number=f"TLV-{today.year}-90001",
        start_date=today - datetime.timedelta(days=700),
        end_date=today + datetime.timedelta(days=75),
        funding_category="midden",
        motivation="Toelating tot het VSO voor twee jaar.",
        decided_by_name="TLV-commissie SWV VO",
    )


def load(stdout):
    today = timezone.localdate()
    if not Pupil.objects.filter(family_name="Smit", given_names="Jesse").exists():
        _add_pupils(today)
    counts = run_all(today)
    open_kinds = {kind: c["open"] for kind, c in counts.items() if c["open"]}
    summary = ", ".join(f"{kind} {number}" for kind, number in sorted(open_kinds.items()))
    stdout.write(f"Demo signals: {sum(open_kinds.values())} open ({summary}).")
    return []
