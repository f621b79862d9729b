"""The transition case: the matrix code and checklist follow from the two organisations; one workflow refuses a
step whose requirements are missing, saying exactly what is missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from overstap.matrix.loader import get_matrix
from overstap.organisations.models import Organisation, OrganisationType, Sector
from overstap.support.services import decide, give_advice, request_support
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)
from overstap.transitions.handover import (
    choose_categories,
    handover_or_blank,
    record_inzage,
    waive_family_view,
)
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, derive_code, open_case, open_handover

from .conftest import tick_required

pytestmark = pytest.mark.django_db
T = OrganisationType
TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [
        (T.VOORSCHOOL, T.BAO, "VVE-PO"),
        (T.BAO, T.BAO, "PO-PO"),
        (T.BAO, T.SBO, "PO-SBO"),
        (T.SBO, T.SO, "PO-SO"),
        (T.BAO, T.VO, "PO-VO"),
        (T.SO, T.VSO, "PO-VO"),
        (T.VO, T.PRO, "VO-PRO"),
        (T.VO, T.VSO, "VO-VSO"),
        (T.PRO, T.MBO, "VO-MBO"),
        (T.MBO, T.HBO, "MBO-HBO"),
    ],
)
def test_the_matrix_code_follows_from_the_two_organisation_types(source, target, code):
    assert derive_code(Organisation(type=source), Organisation(type=target)) == code


@pytest.fixture
def po_region():
    region = RegionFactory(sector=Sector.PO, code="PO 66-01")
    school = OrganisationFactory(type=T.BAO, name="De Regenboog")
    so = OrganisationFactory(type=T.SO, name="SO Het Kompas")
    swv = OrganisationFactory(type=T.SWV_PO)
    for org in (school, so, swv):
        org.regions.add(region)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    ib.user.acting_membership = ib
    return school, so, swv, pupil, ib


def _walk(user, case, *statuses):
    for status in statuses:
        case = change_status(user, case, status)
    return case


def _send(ib, case, categories=("ontwikkeling", "ondersteuningsbehoeften")):
    """The sending school registers, releases, lets the parents read, and sends."""
    case = _walk(ib.user, case, Status.AANGEMELD)
    choose_categories(ib.user, case, list(categories), expected_version=handover_or_blank(case).version)
    case = _walk(ib.user, case, Status.INZAGE_OUDERS)
    record_inzage(ib.user, case, TODAY, by_name="Moeder")
    waive_family_view(ib.user, case)
    tick_required(ib.user, case)
    return change_status(ib.user, case, Status.VERZONDEN)


@pytest.fixture
def so_ib(po_region):
    _school, so, _swv, _pupil, _ib = po_region
    membership = MembershipFactory(organisation=so, role="ib")
    membership.user.acting_membership = membership
    return membership


def test_the_checklist_comes_from_the_matrix_with_its_sources(po_region):
    _school, so, _swv, pupil, ib = po_region
    case = open_case(ib.user, pupil, so, planned_on=TODAY + datetime.timedelta(days=30))
    expected = [item.key for item in get_matrix().transition("PO-SO").items]
    assert case.code == "PO-SO" and list(case.checklist.values_list("key", flat=True)) == expected
    assert all(item.source and item.legal_basis for item in case.checklist.all())


def test_another_transition_than_derived_needs_a_reason(po_region):
    _school, so, _swv, pupil, ib = po_region
    with pytest.raises(ValidationError) as error:
        open_case(ib.user, pupil, so, code="PO-SBO")
    assert "code" in error.value.message_dict
    case = open_case(ib.user, pupil, so, code="PO-SBO", override_reason="Eerst SBO op verzoek van ouders.")
    assert case.code == "PO-SBO"


def test_po_so_cannot_be_placed_without_a_tlv_so(po_region, so_ib):
    _school, so, swv, pupil, ib = po_region
    case = _send(ib, open_case(ib.user, pupil, so, planned_on=TODAY))
    open_handover(so_ib.user, case)
    case.refresh_from_db()
    assert case.status == Status.GEOPEND
    with pytest.raises(ValidationError) as error:
        change_status(so_ib.user, case, Status.GEPLAATST)
    message = error.value.message_dict["status"][0]
    assert "Ontbreekt" in message and "Toelaatbaarheidsverklaring (TLV) voor SO" in message
    # With a TLV SO from the samenwerkingsverband, placement goes through.
    experts = [MembershipFactory(organisation=swv, role=r) for r in ("orthopedagoog", "swv_consulent")]
    committee = MembershipFactory(organisation=swv, role="tlv_commissie")
    for m in (*experts, committee):
        m.user.acting_membership = m
    support = request_support(ib.user, pupil, "tlv_so", "Vastgelopen.")
    for expert in experts:
        give_advice(expert.user, support, "SO past.", True)
    decide(
        committee.user,
        support,
        granted=True,
        motivation="Toegekend.",
        start_date=TODAY,
        end_date=TODAY + datetime.timedelta(days=700),
        funding_category="laag",
    )
    assert change_status(so_ib.user, case, Status.GEPLAATST).status == Status.GEPLAATST


def test_the_school_report_goes_only_after_registration_and_the_parents_inspection(po_region):
    _school, so, _swv, pupil, ib = po_region
    case = open_case(ib.user, pupil, so)
    with pytest.raises(ValidationError) as error:
        change_status(ib.user, case, Status.VERZONDEN)
    assert "Status:" in error.value.message_dict["status"][0]
    assert _send(ib, case).status == Status.VERZONDEN


def test_a_pupil_without_a_place(po_region):
    _school, _so, _swv, pupil, ib = po_region
    case = open_case(ib.user, pupil, None, code="PO-VO")
    assert case.to_organisation is None
    with pytest.raises(ValidationError) as error:
        change_status(ib.user, case, Status.AANGEMELD)
    assert "geen plek" in error.value.message_dict["status"][0]
    case = _walk(ib.user, case, Status.GEEN_PLEK, Status.THUISZITTER)
    assert case.status == Status.THUISZITTER


def test_the_transition_pages(client, po_region):
    from overstap.testing.factories import log_in

    _school, so, _swv, pupil, ib = po_region
    log_in(client, ib.user, ib)
    response = client.post(f"/overstappen/nieuw/{pupil.pk}/", {"to_organisation": so.pk, "code": "PO-SBO"})
    assert "Overstap: geef een reden" in response.content.decode()
    response = client.post(f"/overstappen/nieuw/{pupil.pk}/", {"to_organisation": so.pk})
    case_url = response["Location"]
    page = client.get(case_url).content.decode()
    assert "PO-SO" in page and "Aangemeld bij de nieuwe school" in page
    assert "Wettelijke plicht" in page and "wettelijke_plicht</span>" not in page
    case = pupil.transition_cases.get()
    item = case.checklist.first()
    client.post(f"/overstappen/afvinken/{item.pk}/")
    item.refresh_from_db()
    assert item.done_on is not None and item.done_by_name == str(ib.user)

    def version():  # as the case page shows it now
        case.refresh_from_db()
        return case.version

    response = client.post(f"{case_url}status/", {"status": "inzage_ouders", "version": version()}, follow=True)
    assert "kan de overstap niet naar" in response.content.decode()  # not registered yet
    client.post(f"{case_url}status/", {"status": "aangemeld", "version": version()})
    response = client.post(f"{case_url}status/", {"status": "inzage_ouders", "version": version()}, follow=True)
    assert "Ontbreekt: de soorten informatie" in response.content.decode()
    assert client.get("/overstappen/").context["cases"] == [case]


def test_a_move_to_pro_needs_a_tlv_pro_whatever_the_transition_is_called():
    region = RegionFactory(sector=Sector.VO, code="VO 66-03")
    po_region = RegionFactory(sector=Sector.PO, code="PO 66-03")
    school = OrganisationFactory(type=T.BAO)
    school.regions.add(po_region)
    pro = OrganisationFactory(type=T.PRO, name="Praktijkschool")
    pro.regions.add(region)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    ib.user.acting_membership = ib
    pro_zc = MembershipFactory(organisation=pro, role="zorgcoordinator")
    pro_zc.user.acting_membership = pro_zc
    case = open_case(ib.user, pupil, pro, planned_on=TODAY)
    assert case.code == "PO-VO"  # primary school to PrO is the PO-VO transition in the matrix
    case = _send(ib, case)
    open_handover(pro_zc.user, case)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        change_status(pro_zc.user, case, Status.GEPLAATST)
    assert "Toelaatbaarheidsverklaring (TLV) voor PrO" in error.value.message_dict["status"][0]
