"""Query-count guards for every list, worklist and dossier page: each page is measured in the shared world of the
permission matrix (one pupil of one's own with everything a move brings), then again after that world has grown
several times over (more pupils with all of it, a long dossier, more moves, meetings and signals about the one
pupil). The count must stay the same, whatever is listed: no page asks once per row. And each page keeps to its
ceiling. ``docs/benchmarks.md`` lists the figures."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overstap.authz.tests import permission_world
from overstap.authz.tests.permission_world import TODAY, World, build_world
from overstap.dashboard.services import refresh
from overstap.dossiers.models import CorrectionRequest, Entry
from overstap.monitoring.models import Signal, SignalKind
from overstap.support.models import SwvDecision
from overstap.tables.models import TablePupil
from overstap.testing.factories import EnrolmentFactory, PupilFactory
from overstap.transitions.models import Agreement, Feedback, Meeting
from overstap.transitions.workflow import open_case

pytestmark = pytest.mark.django_db

# How many times the world's own pupil is copied, with everything about it, for the large measurement.
GROWTH = 4

# (who opens it, the page). "who" is a role at the pupil's own organisation, or "parent" for the family.
PAGES = {
    "home (IB'er)": ("ib", lambda w: "/"),
    "home (zorgcoördinator)": ("zorgcoordinator", lambda w: "/"),
    "home (mentor)": ("mentor", lambda w: "/"),
    "home (SWV-consulent)": ("swv_consulent", lambda w: "/"),
    "home (leerplicht)": ("leerplicht", lambda w: "/"),
    "home (overstapcoach)": ("overstapcoach", lambda w: "/"),
    "home (beleid)": ("beleid", lambda w: "/"),
    "home (privacy)": ("privacy", lambda w: "/"),
    "home (ouder)": ("parent", lambda w: "/"),
    "pupil list (IB'er)": ("ib", lambda w: "/leerlingen/"),
    "pupil list (leerplicht)": ("leerplicht", lambda w: "/leerlingen/"),
    "pupil list (SWV-consulent)": ("swv_consulent", lambda w: "/leerlingen/"),
    "signal worklist (zorgcoördinator)": ("zorgcoordinator", lambda w: "/signalen/"),
    "signal worklist (leerplicht)": ("leerplicht", lambda w: "/signalen/"),
    "transition list (IB'er)": ("ib", lambda w: "/overstappen/"),
    "transition list (zorgcoördinator)": ("zorgcoordinator", lambda w: "/overstappen/"),
    "transition list (SWV-consulent)": ("swv_consulent", lambda w: "/overstappen/"),
    "transition list (leerplicht)": ("leerplicht", lambda w: "/overstappen/"),
    "support list (IB'er)": ("ib", lambda w: "/ondersteuning/"),
    "support list (SWV-consulent)": ("swv_consulent", lambda w: "/ondersteuning/"),
    "caseload (overstapcoach)": ("overstapcoach", lambda w: "/coaching/"),
    "tafel list (SWV-consulent)": ("swv_consulent", lambda w: "/overstaptafels/"),
    "tafel page (SWV-consulent)": ("swv_consulent", lambda w: f"/overstaptafels/{w.tafel_po.pk}/"),
    "thuiszitters register (leerplicht)": ("leerplicht", lambda w: "/thuiszitters/"),
    "thuiszitters register (zorgcoördinator)": ("zorgcoordinator", lambda w: "/thuiszitters/"),
    "dashboard (beleid)": ("beleid", lambda w: "/regio/"),
    "dashboard pupils (leerplicht)": ("leerplicht", lambda w: "/regio/leerlingen/zonder_plek/"),
    "breaking confidentiality review (privacy)": ("privacy", lambda w: "/privacy/doorbrekingen/"),
    "feedback overview (IB'er)": ("ib", lambda w: "/overstappen/terugkoppeling/"),
    "pupil page (IB'er)": ("ib", lambda w: f"/leerlingen/{w.pupil.pk}/"),
    "dossier (zorgcoördinator)": ("zorgcoordinator", lambda w: f"/leerlingen/{w.pupil.pk}/dossier/"),
    "dossier (ouder)": ("parent", lambda w: f"/leerlingen/{w.pupil.pk}/dossier/"),
    "correction requests (zorgcoördinator)": (
        "zorgcoordinator",
        lambda w: f"/leerlingen/{w.pupil.pk}/dossier/verzoeken/",
    ),
    "case page (IB'er)": ("ib", lambda w: f"/overstappen/{w.case_sent.pk}/"),
    "case page (zorgcoördinator)": ("zorgcoordinator", lambda w: f"/overstappen/{w.case_opened.pk}/"),
    "doorstroom page (decaan)": ("decaan", lambda w: f"/doorstroom/leerling/{w.pupil.pk}/"),
}

# Pages that show counts, not rows, or an object the growth does not add to (one doorstroomdossier per route and
# year): every other page must show more with the large world, or the guard would prove nothing about it.
NOT_GROWN = {"home (beleid)", "home (privacy)", "feedback overview (IB'er)", "doorstroom page (decaan)"}

# The most queries each page may send (with the fixed cost of a signed-in request: session, user, second factor,
# memberships). Set a little above what the page sends now, so that a new section shows up here.
CEILING = {
    "home (IB'er)": 32,
    "home (zorgcoördinator)": 34,
    "home (mentor)": 13,
    "home (SWV-consulent)": 18,
    "home (leerplicht)": 22,
    "home (overstapcoach)": 13,
    "home (beleid)": 14,
    "home (privacy)": 10,
    "home (ouder)": 29,
    "pupil list (IB'er)": 13,
    "pupil list (leerplicht)": 12,
    "pupil list (SWV-consulent)": 12,
    "signal worklist (zorgcoördinator)": 13,
    "signal worklist (leerplicht)": 13,
    "transition list (IB'er)": 15,
    "transition list (zorgcoördinator)": 15,
    "transition list (SWV-consulent)": 15,
    "transition list (leerplicht)": 14,
    "support list (IB'er)": 11,
    "support list (SWV-consulent)": 12,
    "caseload (overstapcoach)": 11,
    "tafel list (SWV-consulent)": 12,
    "tafel page (SWV-consulent)": 26,
    "thuiszitters register (leerplicht)": 11,
    "thuiszitters register (zorgcoördinator)": 11,
    "dashboard (beleid)": 15,
    "dashboard pupils (leerplicht)": 13,
    "breaking confidentiality review (privacy)": 11,
    "feedback overview (IB'er)": 12,
    "pupil page (IB'er)": 28,
    "dossier (zorgcoördinator)": 14,
    "dossier (ouder)": 17,
    "correction requests (zorgcoördinator)": 13,
    "case page (IB'er)": 25,
    "case page (zorgcoördinator)": 24,
    "doorstroom page (decaan)": 15,
}


def _count(world: World, who: str, url: str, *, warm: bool) -> tuple[int, int]:
    person = world.people[("parent", "family") if who == "parent" else (who, "own")]
    if warm:
        person.client.get(url, secure=True)  # the first request may warm caches (matrix, translations)
    with CaptureQueriesContext(connection) as queries:
        response = person.client.get(url, secure=True)
    assert response.status_code == 200, f"{url} as {who}: {response.status_code}"
    return len(queries), len(response.content)


def _measure(world: World, *, warm=lambda name: True) -> dict[str, tuple[int, int]]:
    refresh()
    return {name: _count(world, who, url(world), warm=warm(name)) for name, (who, url) in PAGES.items()}


def _built_with_the_refresh(name: str) -> bool:
    # The dashboard's pages are built again on their first reading after a refresh; the rest is warm by now.
    return "dashboard" in name or name == "home (beleid)"


def _feedback(case) -> None:
    Feedback.objects.create(
        case=case, moment="overdracht", organisation=case.to_organisation, given_by_name="Zorgcoördinator", useful=4
    )


def _grow(world: World) -> None:
    """GROWTH more pupils of one's own, each with everything the world gives its pupil (entries, plans, support
    requests, five moves, signals, coaching, a tafel, absence and a route, a doorstroomdossier); the own pupil on
    more of the tafels and with more moves, meetings, signals and a long dossier."""
    own = world.pupil
    for i in range(GROWTH):
        pupil = PupilFactory(
            given_names="Extra",
            family_name=f"Leerling{i:02d}",
            birth_date=own.birth_date,
            municipality=world.org("own", "gemeente"),
        )
        for kind in ("voorschool", "bao", "vo"):
            EnrolmentFactory(pupil=pupil, organisation=world.org("own", kind), start_date=datetime.date(2020, 8, 20))
        # The world numbers its one decision and keys its attendance signal the same each time; make room.
        SwvDecision.objects.filter(number__endswith="-99001").update(number=f"TLV-{TODAY.year}-{i:05d}")
        Signal.objects.filter(cause_key="enrolment:0").update(cause_key=f"enrolment:extra{i}")
        copy = World(orgs=world.orgs, pupils={**world.pupils, "own": pupil}, people=world.people)
        permission_world._build_objects(copy)
        _feedback(copy.case_opened)
        TablePupil.objects.create(tafel=world.tafel_po, pupil=pupil, source="signaal", added_by_name="SWV-consulent")
    case = world.case_sent
    parent = world.people[("parent", "family")].user
    for i in range(GROWTH * 2):
        open_case(world.people[("ib", "own")].user, own, world.org("own", "vo"))
        meeting = Meeting.objects.create(
            case=case, kind="warme_overdracht", held_on=TODAY, organiser=world.org("own", "bao"), created_by_name="IB"
        )
        Agreement.objects.create(meeting=meeting, text=f"Afspraak {i}", owner_name="Mentor", due_on=TODAY)
        Meeting.objects.create(
            case=world.case_opened,
            kind="warme_overdracht",
            held_on=TODAY,
            organiser=world.org("own", "vo"),
            created_by_name="Zorg",
        )
        entry = Entry.objects.create(
            pupil=own,
            category="handelingsadviezen",
            title=f"Advies {i}",
            text="Tekst.",
            organisation=world.org("own", "vo"),
            author_name="Zorgcoördinator",
        )
        CorrectionRequest.objects.create(
            entry=entry,
            pupil=own,
            organisation=world.org("own", "vo"),
            kind="verbeteren",
            what_is_wrong="Klopt niet.",
            should_say="Anders.",
            entry_version=1,
            asked_by=parent,
            asked_by_name=str(parent),
            asked_at=timezone.now(),
            due_on=TODAY + datetime.timedelta(weeks=4),
        )
        Signal.objects.create(
            kind=SignalKind.NIET_GEOPEND,
            pupil=own,
            case=case,
            owner=world.org("own", "vo"),
            owner_role="ib",
            cause="Nog niet geopend.",
            cause_key=f"extra:{i}",
            raised_on=TODAY,
        )
    start = TODAY - datetime.timedelta(days=400)
    Entry.objects.bulk_create(
        Entry(
            pupil=own,
            category="ondersteuningsbehoeften",
            title=f"Notitie {i}",
            text="Tekst. " * 40,
            organisation=world.org("own", "vo"),
            author_name="Zorgcoördinator",
            recorded_on=start + datetime.timedelta(days=i),
            closed_at=timezone.now() if i % 5 == 0 else None,
        )
        for i in range(400)
    )


def test_no_page_asks_once_per_row_and_each_keeps_to_its_ceiling():
    world = build_world()
    # Each list has a row to begin with (a prefetch asks nothing of an empty list; that is not growth).
    _feedback(world.case_opened)
    Meeting.objects.create(
        case=world.case_opened,
        kind="kennismaking",
        held_on=TODAY,
        organiser=world.org("own", "vo"),
        created_by_name="Zorg",
    )
    small = _measure(world)
    _grow(world)
    large = _measure(world, warm=_built_with_the_refresh)
    report = "\n".join(
        f"{name}: {small[name][0]} / {large[name][0]}  ({small[name][1]} / {large[name][1]} bytes)" for name in PAGES
    )
    print("\n" + report)
    unreached = [name for name in PAGES if name not in NOT_GROWN and large[name][1] <= small[name][1]]
    assert not unreached, report
    grew = [name for name in PAGES if large[name][0] != small[name][0]]
    assert not grew, report
    over = [name for name in PAGES if small[name][0] > CEILING[name]]
    assert not over, report
