"""The dashboard page, its exports and the drill-down, for the people who may use them and for those who may not."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from overstap.audit.models import AuditEvent
from overstap.dashboard.services import refresh
from overstap.monitoring import engine
from overstap.monitoring.models import Signal
from overstap.monitoring.tests.conftest import town  # noqa: F401  (fixture)
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)
from overstap.transitions.models import TransitionCase
from overstap.transitions.tests.conftest import TODAY, acting, world  # noqa: F401  (fixtures)


@pytest.fixture
def region(town):  # noqa: F811
    case = TransitionCase.objects.create(
        pupil=town["pupil"],
        from_organisation=town["school"],
        code="PO-VO",
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        status="geen_plek",
        created_by_name="IB'er",
    )
    engine.run_all(TODAY)
    assert Signal.objects.filter(kind="geen_plek", case=case).exists()
    return {
        **town,
        "beleid_swv": acting(MembershipFactory(organisation=town["swv"], role="beleid")),
        "beleid_gm": acting(MembershipFactory(organisation=town["municipality"], role="beleid")),
    }


def _get(client, membership, url):
    log_in(client, membership.user, membership)
    return client.get(url)


def test_the_policy_officer_reads_the_region_with_small_counts_hidden(client, region):
    response = _get(client, region["beleid_gm"], reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in html  # one pupil without a place
    assert region["pupil"].family_name not in html
    # Every count here is small: each chart says in a sentence that it has nothing to draw; the tables remain.
    assert "er is geen grafiek" in html and "<table" in html and "<caption" in html
    assert reverse("dashboard:pupils", args=["zonder_plek"]) not in html  # no drill-down for policy
    assert AuditEvent.objects.filter(action="list", object_type="dashboard.Figure").exists()


def test_leerplicht_drills_down_to_the_pupils_it_follows(client, region):
    response = _get(client, region["leerplicht"], reverse("dashboard:index"))
    assert reverse("dashboard:pupils", args=["zonder_plek"]) in response.content.decode()
    response = client.get(reverse("dashboard:pupils", args=["zonder_plek"]))
    assert response.status_code == 200
    assert region["pupil"].family_name in response.content.decode()
    event = AuditEvent.objects.filter(action="list", object_type="monitoring.Signal").latest("pk")
    assert event.detail["ids"] == [s.pk for s in response.context["page"].object_list]


def test_the_policy_officer_may_not_drill_down(client, region):
    response = _get(client, region["beleid_gm"], reverse("dashboard:pupils", args=["zonder_plek"]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["ib", "swv_consulent", "rmc"])
def test_others_get_no_dashboard(client, region, role):
    org = region["municipality"] if role == "rmc" else (region["swv"] if role == "swv_consulent" else None)
    org = org or OrganisationFactory(type=OrganisationType.BAO)
    membership = acting(MembershipFactory(organisation=org, role=role))
    assert _get(client, membership, reverse("dashboard:index")).status_code == 404


def test_exports_are_audited_and_show_what_the_page_shows(client, region):
    log_in(client, region["beleid_gm"].user, region["beleid_gm"])
    response = client.get(reverse("dashboard:export", args=["nu", "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "School"
    assert any("<5" in row for row in rows[1:])
    assert AuditEvent.objects.filter(action="export", object_type="dashboard.Figure").count() == 1
    response = client.get(reverse("dashboard:export", args=["nu", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert next(sheet.iter_rows())[0].value == "School"
    assert client.get(reverse("dashboard:export", args=["geheim", "csv"])).status_code == 404


def test_the_page_says_how_fresh_the_figures_are_and_what_changed(client, region):
    refresh(today=TODAY)
    html = _get(client, region["beleid_swv"], reverse("dashboard:index")).content.decode()
    assert "Bijgewerkt om" in html
    assert "nog geen cijfer van een week geleden" in html


def test_the_kept_tables_of_one_region_are_never_shown_to_another(client, region):
    html = _get(client, region["beleid_gm"], reverse("dashboard:index")).content.decode()
    assert region["school"].name in html
    elsewhere = acting(
        MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.GEMEENTE), role="beleid")
    )
    other = Client()
    html = _get(other, elsewhere, reverse("dashboard:index")).content.decode()
    assert region["school"].name not in html
    assert "Geen cijfers voor deze keuze." in html


def _adult_without_a_place(region):
    """A resident of 20 without a place: the RMC follows them, leerplicht does not."""
    adult = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - 20), municipality=region["municipality"])
    EnrolmentFactory(pupil=adult, organisation=region["school"])
    TransitionCase.objects.create(
        pupil=adult,
        from_organisation=region["school"],
        code="VO-MBO",
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        status="geen_plek",
        created_by_name="Mentor",
    )
    engine.run_all(TODAY)
    return adult


def test_leerplicht_reads_exact_figures_made_only_of_the_pupils_it_follows(client, region):
    _adult_without_a_place(region)
    response = _get(client, region["leerplicht"], reverse("dashboard:index"))
    readings = {item["metric"].key: item for item in response.context["readings"]}
    # One pupil it follows has no place; the adult without a place is the RMC's and is not in its figure.
    assert readings["zonder_plek"]["shown"] == "1"
    assert readings["zonder_plek"]["reading"].startswith("1 leerling zonder plek")
    now = next(t for t in response.context["tables"] if t.key == "nu")
    assert now.rows[-1][1] == "1" and "<5" not in [cell for row in now.rows for cell in row[1:]]
    # The drill-down behind the figure lists exactly as many pupils as the figure says.
    pupils = client.get(reverse("dashboard:pupils", args=["zonder_plek"])).context["page"].paginator.count
    assert pupils == 1


def test_the_policy_officer_counts_every_resident_and_sees_the_small_count_hidden(client, region):
    _adult_without_a_place(region)
    response = _get(client, region["beleid_gm"], reverse("dashboard:index"))
    readings = {item["metric"].key: item for item in response.context["readings"]}
    assert response.context["headline"]["now"]["zonder_plek"] == 2
    assert readings["zonder_plek"]["shown"] == "<5"
    assert "Minder dan 5" in readings["zonder_plek"]["reading"]


def test_a_filtered_view_never_gives_away_what_the_unfiltered_one_hides(client, region):
    # The school has one pupil without a place on PO-VO and one on VO-MBO. Unfiltered the school shows "<5"; on
    # each filter too: neither view can be subtracted from the other.
    _adult_without_a_place(region)
    log_in(client, region["beleid_gm"].user, region["beleid_gm"])
    shown = []
    for query in ({}, {"overstap": "PO-VO"}, {"overstap": "VO-MBO"}):
        now = next(t for t in client.get(reverse("dashboard:index"), query).context["tables"] if t.key == "nu")
        shown += [row[1] for row in now.rows]
        assert all(not cell.isdigit() or cell == "0" for row in now.rows for cell in row[1:]), now.rows
    assert "<5" in shown
