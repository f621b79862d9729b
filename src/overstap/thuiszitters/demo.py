"""Demo thuiszitters in the Lindendal region, dated relative to today:

- Daan (13, Lindendal College) has been absent without permission for six weeks: the college recorded it;
- Jesse (14, from the signals demo) left the Lindendal College three weeks ago and is enrolled nowhere since;
  leerplicht took his route on, with a part-time arrangement at the college and a review this week;
- Ruben (15, from the signals demo) sits at home since the Praktijkschool had no place for him: his move was
  recorded as "at home without education" five weeks ago, which the register counts as absence.
"""

import datetime

from django.utils import timezone

from overstap.dossiers.demo import _as
from overstap.monitoring.engine import sync
from overstap.monitoring.models import SignalKind
from overstap.organisations.models import Organisation
from overstap.pupils.models import Enrolment, Pupil

from . import services
from .models import AbsenceReport, Route


def load(stdout):
    if Route.objects.exists():
        stdout.write("Demo thuiszitters: already there.")
        return []
    today = timezone.localdate()
    lindendal = Organisation.objects.get(name="Gemeente Lindendal")
    college = Organisation.objects.get(name="Lindendal College")

    daan = Pupil.objects.create(
        given_names="Daan",
        family_name="Visser",
        birth_date=today.replace(year=today.year - 13) - datetime.timedelta(days=75),
        municipality=lindendal,
    )
    Enrolment.objects.create(
        pupil=daan, organisation=college, start_date=datetime.date(today.year - 2, 8, 20), group="2 vmbo-t"
    )
    services.record_absence(
        _as("zorg.college"),
        daan,
        from_date=today - datetime.timedelta(weeks=6),
        kind="ongeoorloofd",
        note="Komt sinds de herfst niet meer; ouders zijn gebeld en reageren niet.",
    )

    # Ruben's move was set to "at home" by the signals demo today; in the demo story that was five weeks ago.
    ruben = Pupil.objects.get(given_names="Ruben", family_name="Kramer")
    AbsenceReport.objects.filter(pupil=ruben, to_date__isnull=True).update(
        from_date=today - datetime.timedelta(weeks=5)
    )

    jesse = Pupil.objects.get(given_names="Jesse", family_name="Smit")
    leerplicht = _as("leerplicht.lindendal")
    route = services.save_route(
        leerplicht,
        jesse,
        services.RouteData(
            acting_organisation=lindendal,
            acting_person="Dirk Schouten",
            acting_since=today - datetime.timedelta(days=14),
            arrangement="deeltijd",
            next_review_on=today + datetime.timedelta(days=6 - today.weekday()),
            note="Huisbezoek gedaan; Jesse wil terug naar school als hij eerst een paar ochtenden mag komen.",
        ),
        0,
    )
    services.take_on(leerplicht, jesse)
    for pupil in (daan, ruben, jesse):
        sync(SignalKind.THUISZITTER, today, pupil=pupil)
    stdout.write(
        f"Demo thuiszitters: Daan absent six weeks, Ruben at home, Jesse's route (review on {route.next_review_on})."
    )
    return []
