"""Demo Overstaptafels in the Lindendal region, dated in the demo school year rather than from today:

- the VO→MBO tafels of April and June (seed 004), convened by the SWV VO's consultant and by leerplicht, with the
  Lindendal College, the Praktijkschool, VSO De Horizon, the ROC and the municipality taking part;
- a PO→VO tafel two weeks before the region's own registration date for PO→VO (from the region's protocol, through
  ``monitoring.dates``), convened by the SWV PO's consultant;
- the next April tafel, planned, so that the home page has a next tafel.

The demo school year is the latest one whose April tafel lies at least three weeks back, so that its agreements can
be overdue on any day of the year: one agreement of the April tafel is, and the monitoring engine raises its signal
for the Lindendal College.
"""

import contextlib
import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from overstap.dossiers.demo import _as
from overstap.monitoring.dates import po_vo_registration, school_year_of
from overstap.organisations.demo import organisation
from overstap.pupils.models import Pupil

from . import services
from .findings import KIND
from .models import Overstaptafel, Status, TablePupil
from .workflow import change_status


def _second_tuesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


def demo_school_year(today: datetime.date) -> int:
    current = school_year_of(today)
    if today >= _second_tuesday(current + 1, 4) + datetime.timedelta(days=21):
        return current
    return current - 1


def _convene(user, region, transition, day, location, participants):
    return services.convene(
        user,
        region,
        services.TafelData(transition, day, location, datetime.time(13, 30)),
        [organisation(key) for key in participants],
    )


def _hold(user, tafel, today, *, close: bool) -> Overstaptafel:
    if tafel.held_on <= today:
        tafel = change_status(user, tafel, Status.HELD)
        if close:
            tafel = change_status(user, tafel, Status.MINUTES_CLOSED)
    return tafel


def _fill(user, tafel, fallback_names=()) -> list[TablePupil]:
    services.propose(user, tafel)
    for given, family in fallback_names:
        pupil = Pupil.objects.filter(given_names=given, family_name=family).first()
        if pupil is not None and not tafel.rows.filter(pupil=pupil).exists():
            with contextlib.suppress(PermissionDenied):  # a pupil the convener may not see is left out
                services.add_pupil(user, tafel, pupil)
    return list(tafel.rows.select_related("pupil").order_by("pk"))


def load(stdout):
    if Overstaptafel.objects.exists():
        stdout.write("Demo Overstaptafels: already there.")
        return []
    from overstap.monitoring import engine

    today = timezone.localdate()
    year = demo_school_year(today)
    swv_vo, leerplicht, swv_po = _as("consulent.swvvo"), _as("leerplicht.lindendal"), _as("consulent.swvpo")
    vo_region = organisation("swv-vo").regions.get()
    po_region = organisation("swv-po").regions.get()
    vo_parties = ["college", "praktijkschool", "horizon", "roc", "gemeente-lindendal"]
    april_day, june_day = _second_tuesday(year + 1, 4), _second_tuesday(year + 1, 6)

    april = _convene(swv_vo, vo_region, "VO-MBO", april_day, "ROC Lindendal, zaal 1.12", vo_parties)
    rows = _fill(swv_vo, april, [("Noor", "Leeuwen")])
    college = organisation("college")
    if rows:
        first = rows[0]
        services.update_row(
            swv_vo,
            first,
            services.RowData(
                "Aanmelding bij het ROC nog niet rond; de coach gaat mee naar de intake.",
                "Intakegesprek ROC plannen",
                organisation("roc"),
                "Kleine groep en een vaste begeleider in het eerste jaar.",
            ),
            first.version,
        )
        # Overdue: the college was to finish the registration two weeks after the tafel.
        services.add_agreement(
            swv_vo,
            first,
            what="Aanmelding bij het ROC afronden met leerling en ouders",
            owner=college,
            due_on=april_day + datetime.timedelta(days=14),
        )
        done = services.add_agreement(
            swv_vo,
            first,
            what="Warme overdracht met de overstapcoach afspreken",
            owner=organisation("roc"),
            due_on=april_day + datetime.timedelta(days=7),
        )
        services.complete_agreement(_as("zorg.roc"), done)
    _hold(swv_vo, april, today, close=june_day <= today)

    june = _convene(leerplicht, vo_region, "VO-MBO", june_day, "Stadhuis Lindendal", [*vo_parties[:4], "swv-vo"])
    june_rows = _fill(leerplicht, june)
    for row in june_rows[:2]:
        services.add_agreement(
            leerplicht,
            row,
            what="Huisbezoek: is de inschrijving voor september rond?",
            owner=organisation("gemeente-lindendal"),
            due_on=max(june_day, today) + datetime.timedelta(days=21),
        )
    _hold(leerplicht, june, today, close=False)

    # PO→VO: two weeks before the region's own registration date (the protocol's date, else the setting).
    registration = po_vo_registration(organisation("regenboog"), year)
    po_vo = _convene(
        swv_po,
        po_region,
        "PO-VO",
        registration - datetime.timedelta(days=14),
        "SWV PO Lindendal, kantoor",
        ["regenboog", "klaverblad", "wegwijzer", "kompas", "college", "gemeente-lindendal"],
    )
    _fill(swv_po, po_vo)
    _hold(swv_po, po_vo, today, close=True)

    next_april = _second_tuesday(school_year_of(today) + 1, 4)
    if next_april > today and next_april != april_day:
        upcoming = _convene(swv_vo, vo_region, "VO-MBO", next_april, "ROC Lindendal, zaal 1.12", vo_parties)
        _fill(swv_vo, upcoming)

    counts = engine.sync(KIND, today)
    stdout.write(
        f"Demo Overstaptafels: {Overstaptafel.objects.count()} tafels; {counts.open} overdue agreement signal(s)."
    )
    return []
