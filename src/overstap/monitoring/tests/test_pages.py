"""The signal pages: the worklist (filters, counts, paging, a query count that does not grow with the rows), the
signal page with its actions, the panels, and what leerplicht and RMC never read there."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overstap.core.panels import CASE_PAGE, HOME_PAGE, PUPIL_PAGE, panels
from overstap.dossiers.models import Entry
from overstap.monitoring import engine
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.pupils.models import Pupil
from overstap.testing.factories import EnrolmentFactory, PupilFactory, log_in
from overstap.thuiszitters.models import AbsenceReport
from overstap.transitions.models import Status, TransitionCase
from overstap.transitions.workflow import change_status, open_case

from .conftest import TODAY

pytestmark = pytest.mark.django_db
DIAGNOSIS = "Diagnose-XK-93417: ernstige angststoornis"


def _no_place(town, pupil=None):
    pupil = pupil or town["pupil"]
    case = open_case(town["ib"].user, pupil, town["vo"])
    return change_status(town["ib"].user, case, Status.GEEN_PLEK)


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_worklist_shows_counts_filters_and_pages(client, town):
    _no_place(town)
    TransitionCase.objects.filter(pupil=town["pupil"]).update(status=Status.THUISZITTER)
    # At home follows the thuiszitters register: the pupil is absent without permission for five weeks.
    AbsenceReport.objects.create(
        pupil=town["pupil"],
        school=town["school"],
        from_date=TODAY - datetime.timedelta(days=35),
        kind="ongeoorloofd",
        recorded_by_name="IB'er",
    )
    engine.run_all(TODAY)
    log_in(client, town["leerplicht"].user, town["leerplicht"])
    page = client.get("/signalen/").content.decode()
    assert "Thuiszitter" in page and "Niet afgehandeld, per soort" in page
    only = client.get("/signalen/?soort=thuiszitter").content.decode()
    assert "ongeoorloofd afwezig: vier weken of langer." in only
    assert "Vanzelf gesloten" not in only
    handled = client.get("/signalen/?status=afgehandeld").content.decode()
    assert "De overstap heeft geen school" in handled  # the "no place" signal closed when the case went on


def test_the_worklist_query_count_does_not_grow_with_the_rows(client, town):
    log_in(client, town["leerplicht"].user, town["leerplicht"])
    _no_place(town)
    small = _count(client, "/signalen/")
    for i in range(8):
        pupil = PupilFactory(family_name=f"Extra{i}", birth_date=TODAY.replace(year=TODAY.year - 12))
        pupil.municipality = town["municipality"]
        pupil.save()
        EnrolmentFactory(pupil=pupil, organisation=town["school"], start_date=TODAY.replace(year=TODAY.year - 8))
        _no_place(town, pupil)
    assert Signal.objects.filter(status=SignalStatus.OPEN).count() == 9
    assert _count(client, "/signalen/") == small


def test_the_owner_takes_on_records_and_closes_on_the_signal_page(client, town):
    _no_place(town)
    signal = Signal.objects.get()
    log_in(client, town["leerplicht"].user, town["leerplicht"])
    page = client.get(signal.get_absolute_url()).content.decode()
    assert "Oppakken" in page and "Afhandelen" in page and f"/overstappen/{signal.case_id}/" in page
    client.post(f"/signalen/{signal.pk}/oppakken/", {"note": "Ik bel de ouders."})
    client.post(f"/signalen/{signal.pk}/vastleggen/", {"note": "Ouders gebeld.", "next_on": "2030-01-10"})
    response = client.post(f"/signalen/{signal.pk}/afhandelen/", {"note": ""}, follow=True)
    assert "Wat is er gedaan: schrijf op hoe" in response.content.decode()
    # Closing cannot be undone: the note leads to the confirmation page, which shows it and changes nothing yet.
    note = "Plek gevonden op het Lindendal College."
    confirm = client.post(f"/signalen/{signal.pk}/afhandelen/", {"note": note}).content.decode()
    assert "Dit signaal afhandelen?" in confirm and note in confirm and "niet ongedaan maken" in confirm
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_BEHANDELING
    back = client.post(f"/signalen/{signal.pk}/afhandelen/", {"note": note, "change": "1"}).content.decode()
    assert f"{note}</textarea>" in back  # back to the page, the note as it was written
    done = client.post(f"/signalen/{signal.pk}/afhandelen/", {"note": note, "confirmed": "1"}, follow=True)
    assert "Het signaal is afgehandeld." in done.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD
    assert [e.note for e in signal.events.all()][1:] == [
        "Ik bel de ouders.",
        "Ouders gebeld.",
        "Plek gevonden op het Lindendal College.",
    ]
    assert signal.events.get(note="Ouders gebeld.").next_on == datetime.date(2030, 1, 10)


def test_the_rmc_follows_young_people_from_18_and_leerplicht_the_younger_ones(client, town):
    # A pupil of 12 without a place: leerplicht's signal; the RMC does not see it.
    _no_place(town)
    signal = Signal.objects.get()
    assert signal.owner_role == "leerplicht"
    log_in(client, town["rmc"].user, town["rmc"])
    assert client.get(signal.get_absolute_url()).status_code == 404
    # At 19 the same finding is the RMC's own: it records and closes it, and leerplicht only sees it no longer.
    Pupil.objects.filter(pk=town["pupil"].pk).update(birth_date=TODAY.replace(year=TODAY.year - 19))
    engine.run_all(TODAY)
    adult = Signal.objects.get(status=SignalStatus.OPEN)
    assert adult.owner_role == "rmc"
    page = client.get(adult.get_absolute_url()).content.decode()
    assert "Vastleggen" in page and "Afhandelen" in page
    log_in(client, town["leerplicht"].user, town["leerplicht"])
    assert client.get(adult.get_absolute_url()).status_code == 404


def test_a_startkwalificatie_ends_what_the_rmc_and_leerplicht_follow(client, town):
    # A young person of 19 without a place is the RMC's, until they hold a startkwalificatie: then the school that
    # had them keeps the signal, and the RMC no longer sees the young person or the signal.
    _no_place(town)
    Pupil.objects.filter(pk=town["pupil"].pk).update(birth_date=TODAY.replace(year=TODAY.year - 19))
    engine.run_all(TODAY)
    signal = Signal.objects.get(status=SignalStatus.OPEN)
    assert signal.owner_role == "rmc"
    Pupil.objects.filter(pk=town["pupil"].pk).update(startkwalificatie_on=TODAY - datetime.timedelta(days=200))
    engine.run_all(TODAY)
    signal = Signal.objects.get(status=SignalStatus.OPEN)
    assert signal.owner_role != "rmc" and signal.owner.type != "gemeente"
    log_in(client, town["rmc"].user, town["rmc"])
    assert client.get(signal.get_absolute_url()).status_code == 404
    assert client.get(f"/leerlingen/{town['pupil'].pk}/").status_code == 404
    # At 15 a diploma changes nothing: compulsory education holds until 16 whatever the pupil has.
    Pupil.objects.filter(pk=town["pupil"].pk).update(birth_date=TODAY.replace(year=TODAY.year - 15))
    engine.run_all(TODAY)
    assert Signal.objects.get(status=SignalStatus.OPEN).owner_role == "leerplicht"


def test_no_support_or_health_content_reaches_leerplicht_or_rmc(client, town):
    Entry.objects.create(
        pupil=town["pupil"],
        category="gezondheid",
        title="Gezondheid",
        text=DIAGNOSIS,
        organisation=town["school"],
        author_name="Juf Anna",
    )
    case = _no_place(town)
    TransitionCase.objects.filter(pk=case.pk).update(status=Status.THUISZITTER)
    engine.run_all(TODAY)
    signals = list(Signal.objects.all())
    for person in (town["leerplicht"], town["rmc"]):
        log_in(client, person.user, person)
        urls = ["/signalen/", "/signalen/?status=alle", *(s.get_absolute_url() for s in signals)]
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404)
            assert "XK-93417" not in response.content.decode(), url
        client.post(f"/signalen/{signals[0].pk}/vastleggen/", {"note": "Gebeld."})


def test_the_panels_on_the_case_page_pupil_page_and_home_page(client, town):
    case = _no_place(town)
    log_in(client, town["ib"].user, town["ib"])
    page = client.get(f"/overstappen/{case.pk}/").content.decode()
    assert "De overstap heeft geen school" in page
    page = client.get(f"/leerlingen/{town['pupil'].pk}/").content.decode()
    assert "De overstap heeft geen school" in page
    assert [p.name for p in panels(CASE_PAGE)].count("signals") == 1
    assert [p.name for p in panels(PUPIL_PAGE)].count("signals") == 1
    home = next(p for p in panels(HOME_PAGE) if p.name == "signals")

    class Request:
        user = town["leerplicht"].user

    context = home.context(Request(), None, set())
    assert [(kind, number) for kind, _label, number in context["counts"]] == [(SignalKind.GEEN_PLEK, 1)]
    assert [s.kind for s in context["signals"]] == [SignalKind.GEEN_PLEK]
    Request.user = town["parent"]
    assert home.context(Request(), None, set()) is None


def test_a_youth_care_worker_sees_youth_care_signals_only_with_the_familys_consent(client, town):
    from django.utils import timezone

    from overstap.consent.models import Consent
    from overstap.organisations.models import OrganisationType
    from overstap.testing.factories import MembershipFactory, OrganisationFactory

    team = OrganisationFactory(type=OrganisationType.JEUGDHULP, name="Wijkteam Lindendal")
    worker = MembershipFactory(organisation=team, role="jeugdhulp")
    signal = Signal.objects.create(
        kind=SignalKind.JEUGDHULP_18,
        pupil=town["pupil"],
        owner=town["school"],
        owner_role="ib",
        cause="De jeugdhulp loopt af bij 18 jaar; er is nog geen besluit.",
        cause_key="care:1",
        raised_on=TODAY,
    )
    attendance = _no_place(town)  # an attendance signal: never the youth-care worker's
    log_in(client, worker.user, worker)
    home = client.get("/").content.decode()
    assert "kop-mijn-signalen" in home and town["pupil"].full_name not in home
    assert client.get(signal.get_absolute_url()).status_code == 404
    consent = Consent.objects.create(
        pupil=town["pupil"],
        category="jeugdhulp",
        recipient=team,
        given_by=town["parent"],
        given_by_name="Moeder",
        given_as="wettelijk_vertegenwoordiger",
        given_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    home = client.get("/").content.decode()
    assert f"{SignalKind.JEUGDHULP_18.label} · {town['pupil'].full_name}" in home
    assert client.get(signal.get_absolute_url()).status_code == 200
    assert not Signal.objects.for_user(worker.user, "list").filter(case=attendance).exists()
    # The family withdraws: the next request shows it no longer.
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    assert client.get(signal.get_absolute_url()).status_code == 404
