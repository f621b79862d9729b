"""The register, the route page and the absence form as their users meet them: counts and filters, Dutch errors
that change nothing, two people editing the route at once, the export, the home page."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overstap.audit.models import AuditEvent
from overstap.testing.factories import EnrolmentFactory, PupilFactory, log_in
from overstap.thuiszitters import services
from overstap.thuiszitters.models import AbsenceReport, Route, RouteEvent

from .conftest import TODAY, days

pytestmark = pytest.mark.django_db
REGISTER = reverse("thuiszitters:register")


def _client(membership):
    client = Client()
    log_in(client, membership.user, membership)
    return client


def _route(pupil, name="route"):
    return reverse(f"thuiszitters:{name}", kwargs={"pupil_pk": pupil.pk})


def test_the_register_shows_the_definition_counts_and_reasons(town):
    response = _client(town["a"]["leerplicht"]).get(REGISTER)
    page = response.content.decode()
    assert "vier weken (28 dagen) of langer" in page
    assert (response.context["total"], response.context["absent"], response.context["not_enrolled"]) == (3, 1, 2)
    assert f"Sinds {days(42):%d-%m-%Y} ongeoorloofd afwezig, 6 weken" in page
    assert "Nog geen route" in page
    event = AuditEvent.objects.filter(action="list", path=REGISTER).latest("pk")
    assert set(event.detail["pupil_ids"]) == {town["p"][n].pk for n in ("absent6", "unenrolled", "never")}


def test_the_register_filters(town):
    a = town["a"]
    client = _client(a["leerplicht"])
    by_school = client.get(REGISTER, {"school": a["vo"].pk})
    assert [p.pk for p, _r in by_school.context["rows"]] == [town["p"]["absent6"].pk]
    data = services.RouteData(a["gemeente"], "Leerplicht", TODAY, "deeltijd", TODAY)
    services.save_route(a["leerplicht"].user, town["p"]["unenrolled"], data, 0)
    due = client.get(REGISTER, {"herziening": "on"})
    assert [p.pk for p, _r in due.context["rows"]] == [town["p"]["unenrolled"].pk]
    assert due.context["review_due"] == 1
    assert [p.pk for p, _r in client.get(REGISTER, {"status": "nieuw"}).context["rows"]] == [town["p"]["unenrolled"].pk]
    assert len(client.get(REGISTER, {"status": "geen"}).context["rows"]) == 2
    # A school that is not on the list is refused as a choice, not silently ignored as "everything".
    assert client.get(REGISTER, {"school": town["b"]["vo"].pk}).context["form"].errors


def test_the_register_pages_and_its_queries_do_not_grow_with_the_rows(town):
    a = town["a"]
    client = _client(a["leerplicht"])
    client.get(REGISTER)
    with CaptureQueriesContext(connection) as few:
        client.get(REGISTER)
    for n in range(30):
        pupil = PupilFactory(birth_date=days(365 * 10), municipality=a["gemeente"])
        EnrolmentFactory(pupil=pupil, organisation=a["vo"], start_date=days(300))
        AbsenceReport.objects.create(pupil=pupil, school=a["vo"], from_date=days(30 + n), kind="ongeoorloofd")
    with CaptureQueriesContext(connection) as many:
        response = client.get(REGISTER)
    assert response.context["total"] == 33 and len(response.context["rows"]) == 25
    assert len(many) == len(few) > 5, (len(few), len(many))
    assert len(client.get(REGISTER, {"pagina": 2}).context["rows"]) == 8


def test_recording_an_absence_with_dutch_errors_that_change_nothing(town):
    a, pupil = town["a"], town["p"]["absent2"]
    client = _client(a["zorgcoordinator"])
    url = _route(pupil, "absence-new")
    assert client.get(url).status_code == 200
    before = AbsenceReport.objects.count()
    response = client.post(url, {"from_date": "31-02-2026", "kind": "ongeoorloofd"})
    assert response.status_code == 400
    assert "Afwezig vanaf: vul een geldige datum in (dd-mm-jjjj)." in response.content.decode()
    response = client.post(url, {"from_date": days(3).isoformat(), "kind": "ongeoorloofd"})
    assert "Afwezig vanaf: er staat nog een verzuim open sinds" in response.content.decode()
    assert AbsenceReport.objects.count() == before
    AbsenceReport.objects.filter(pupil=pupil).update(to_date=days(1))
    response = client.post(url, {"from_date": days(40).isoformat(), "kind": "ongeoorloofd", "note": "Komt niet."})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="create", object_type="thuiszitters.AbsenceReport").exists()
    assert "Sinds" in client.get(_route(pupil)).context["reason"].text


def test_ending_an_absence_refuses_a_date_before_it_began(town):
    a = town["a"]
    report = AbsenceReport.objects.get(pupil=town["p"]["absent6"])
    client = _client(a["zorgcoordinator"])
    url = reverse("thuiszitters:absence-end", kwargs={"pk": report.pk})
    response = client.post(url, {"einde-to_date": days(50).isoformat()}, follow=True)
    assert "Afwezig tot en met: de datum ligt vóór de eerste dag" in response.content.decode()
    report.refresh_from_db()
    assert report.to_date is None
    client.post(url, {"einde-to_date": TODAY.isoformat()})
    report.refresh_from_db()
    assert report.to_date == TODAY
    # Leerplicht reads the absence but does not end the school's record.
    assert _client(a["leerplicht"]).post(url, {"einde-to_date": TODAY.isoformat()}).status_code == 404


def _route_form(version, **fields):
    data = {
        "route-acting_organisation": "",
        "route-acting_person": "",
        "route-acting_since": "",
        "route-arrangement": "",
        "route-next_review_on": "",
        "route-note": "",
        "route-version": version,
    }
    data.update({f"route-{k}": v for k, v in fields.items()})
    return data


def test_two_people_editing_the_route_at_once_lose_nothing(town):
    a, pupil = town["a"], town["p"]["absent6"]
    leerplicht, swv = _client(a["leerplicht"]), _client(a["swv_consulent"])
    first = leerplicht.post(
        _route(pupil, "route-save"), _route_form(0, acting_person="Mevrouw Kaya", arrangement="deeltijd")
    )
    assert first.status_code == 302
    # Both open the page at version 1; the SWV saves first.
    swv.post(_route(pupil, "route-save"), _route_form(1, acting_person="Meneer Bos", arrangement="onderwijszorg"))
    late = leerplicht.post(
        _route(pupil, "route-save"), _route_form(1, acting_person="Mevrouw Kaya", next_review_on=TODAY.isoformat())
    )
    assert late.status_code == 409
    page = late.content.decode()
    assert "Iemand anders heeft deze route gewijzigd" in page and "Meneer Bos" in page
    assert late.context["route_form"]["version"].value() == 2  # saving again goes on top of the newest version
    route = Route.objects.get(pupil=pupil)
    assert (route.acting_person, route.version) == ("Meneer Bos", 2)
    assert RouteEvent.objects.filter(route=route).count() == 2


def test_the_route_form_names_the_field_in_dutch(town):
    a, pupil = town["a"], town["p"]["absent6"]
    response = _client(a["leerplicht"]).post(
        _route(pupil, "route-save"),
        _route_form(0, acting_organisation=town["b"]["gemeente"].pk, next_review_on=days(3).isoformat()),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wie is aan zet (organisatie)" in page
    assert f"Volgende herziening: vul een datum in op of na {TODAY:%d-%m-%Y}." in page
    assert not Route.objects.exists()


def test_the_route_through_its_workflow_keeps_the_history(town):
    a, pupil = town["a"], town["p"]["unenrolled"]
    client = _client(a["swv_consulent"])
    client.post(_route(pupil, "route-take-on"))
    route = Route.objects.get(pupil=pupil)
    assert route.status == "in_behandeling"
    response = client.post(_route(pupil, "route-close"), {"afsluiten-status": "andere_plek", "afsluiten-note": ""})
    assert response.status_code == 400 and "Reden: geef aan waarom de route eindigt" in response.content.decode()
    # Ending cannot be undone: first the confirmation page with how and why, and nothing changed yet.
    fields = {"afsluiten-status": "andere_plek", "afsluiten-note": "Dagbesteding"}
    confirm = client.post(_route(pupil, "route-close"), fields).content.decode()
    assert "Deze route afsluiten?" in confirm and "Dagbesteding" in confirm and "Op een andere plek" in confirm
    route.refresh_from_db()
    assert route.status == "in_behandeling"
    done = client.post(_route(pupil, "route-close"), {**fields, "confirmed": "1"}, follow=True)
    assert "De route is afgesloten." in done.content.decode()
    route.refresh_from_db()
    assert (route.status, route.closed_reason) == ("andere_plek", "Dagbesteding")
    assert list(route.events.values_list("to_status", flat=True)) == ["andere_plek", "in_behandeling", "nieuw"]
    assert AuditEvent.objects.filter(action="status_change", object_type="thuiszitters.Route").count() == 2
    # The pupil still counts (enrolled nowhere), so the register shows the closed route for what it is.
    assert "Op een andere plek" in client.get(REGISTER).content.decode()


def test_the_export_is_safe_complete_and_audited(town):
    a = town["a"]
    pupil = town["p"]["absent6"]
    type(pupil).objects.filter(pk=pupil.pk).update(given_names='=HYPERLINK("http://x")')
    client = _client(a["leerplicht"])
    response = client.get(reverse("thuiszitters:export", kwargs={"fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Leerling", "Geboortedatum"] and len(rows) == 4
    assert any(row[0].startswith("'=HYPERLINK") for row in rows)
    xlsx = client.get(reverse("thuiszitters:export", kwargs={"fmt": "xlsx"}), {"school": a["vo"].pk})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0].startswith("'=")
    exports = AuditEvent.objects.filter(action="export", object_type="pupils.Pupil")
    assert exports.count() == 2 and exports.latest("pk").detail["pupil_ids"] == [pupil.pk]
    assert client.get("/thuiszitters/export.pdf").status_code == 404


def test_the_home_page_panel(town):
    a = town["a"]
    data = services.RouteData(a["gemeente"], "", None, "", TODAY)
    services.save_route(a["leerplicht"].user, town["p"]["never"], data, 0)
    page = _client(a["leerplicht"]).get(reverse("ui:home")).content.decode()
    assert "3</span> thuiszitters" in page and "1 met een herziening deze week" in page
    assert "thuiszitters" not in _client(a["mentor"]).get(reverse("ui:home")).content.decode().lower()


def test_the_pupil_page_links_to_absence_and_route(town):
    a, pupil = town["a"], town["p"]["absent6"]
    url = reverse("pupils:detail", kwargs={"pk": pupil.pk})
    school = _client(a["zorgcoordinator"]).get(url).content.decode()
    assert "Verzuim en route" in school and _route(pupil, "absence-new") in school
    officer = _client(a["leerplicht"]).get(url).content.decode()
    assert "Verzuim en route" in officer and _route(pupil) in officer
    assert _route(pupil, "absence-new") not in officer
