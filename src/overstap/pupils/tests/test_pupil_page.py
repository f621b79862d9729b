"""The pupil page shows what school staff need: the parents and guardians (also those who only have an account),
the open move and its status, and the current plans; and only to those who may see them."""

import datetime

import pytest
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.dossiers.plan_services import create_opp
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Guardian, Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    UserFactory,
    log_in,
)
from overstap.transitions.models import Status
from overstap.transitions.workflow import open_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world():
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Linde")
    vo = OrganisationFactory(type=OrganisationType.VO, name="Het Lyceum")
    gemeente = OrganisationFactory(type=OrganisationType.GEMEENTE, name="Gemeente Lindendal")
    pupil = PupilFactory(
        given_names="Sem", family_name="de Groot", birth_date=TODAY.replace(year=TODAY.year - 12), municipality=gemeente
    )
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=datetime.date(2018, 8, 20))
    ib = MembershipFactory(organisation=school, role="ib")
    parent = UserFactory(first_name="Fatima", last_name="de Groot", email="fatima@example.org")
    FamilyLinkFactory(user=parent, pupil=pupil, relation=Relation.PARENT, legal_representative=True)
    return {
        "school": school,
        "vo": vo,
        "pupil": pupil,
        "ib": ib,
        "parent": parent,
        "leerplicht": MembershipFactory(organisation=gemeente, role="leerplicht"),
    }


def _page(client, membership, pupil):
    log_in(client, membership.user, membership)
    return client.get(f"/leerlingen/{pupil.pk}/").content.decode()


def test_a_parent_with_an_account_is_a_parent_on_the_page(client, world):
    html = _page(client, world["ib"], world["pupil"])
    assert "Fatima de Groot" in html and "heeft een account in Overstap" in html
    assert "Er zijn geen ouders of verzorgers vastgelegd" not in html


def test_a_recorded_guardian_who_also_has_an_account_is_shown_once(client, world):
    Guardian.objects.create(
        pupil=world["pupil"], name="F. de Groot", relation="ouder", email="Fatima@example.org", recorded_by_name="IB"
    )
    html = _page(client, world["ib"], world["pupil"])
    assert "F. de Groot" in html and html.count("heeft een account in Overstap") == 1
    assert html.count("Fatima de Groot") == 0


def test_leerplicht_sees_no_family(client, world):
    html = _page(client, world["leerplicht"], world["pupil"])
    assert "Fatima" not in html and "Ouders en verzorgers" not in html


def test_the_open_move_with_its_status_and_the_current_plans(client, world):
    case = open_case(world["ib"].user, world["pupil"], world["vo"])
    opp = create_opp(
        world["ib"].user,
        world["pupil"],
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-kader",
        approach="Kleine stappen, vaste mentor.",
        goals=[{"goal": "Zelfstandig plannen"}],
        evaluations=[TODAY + datetime.timedelta(days=60)],
    )
    html = _page(client, world["ib"], world["pupil"])
    assert f'href="/overstappen/{case.pk}/"' in html
    assert f'Status: <span data-testid="move-status">{Status(case.status).label}</span>' in html
    assert "Lopende plannen" in html and "vmbo-kader" in html
    # The page's one read event names what its sections showed.
    event = AuditEvent.objects.filter(action=Action.READ, object_type="pupils.Pupil").latest("id")
    assert event.detail["shown"] == {"transitions.TransitionCase": [case.pk], "dossiers.Opp": [opp.pk]}


def test_without_a_move_the_school_is_told_so_and_may_start_one(client, world):
    html = _page(client, world["ib"], world["pupil"])
    assert "Er loopt geen overstap voor deze leerling." in html
    assert f'href="/overstappen/nieuw/{world["pupil"].pk}/"' in html
