"""The SWV route: request → expert advice (two for a TLV) → decision with letter; the TLV end date is tracked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Relation
from overstap.support.models import Status, SupportRequest
from overstap.support.selectors import tlvs_ending, valid_tlv
from overstap.support.services import decide, give_advice, request_support
from overstap.support.workflow import change_status
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    log_in,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def region():
    po = RegionFactory(sector=Sector.PO, code="PO 11-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    school.regions.add(po)
    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Lindendal")
    swv.regions.add(po)
    pupil = PupilFactory(given_names="Lotte", family_name="de Graaf")
    EnrolmentFactory(pupil=pupil, organisation=school)
    people = {
        "ib": MembershipFactory(organisation=school, role="ib"),
        "ortho": MembershipFactory(organisation=swv, role="orthopedagoog"),
        "consulent": MembershipFactory(organisation=swv, role="swv_consulent"),
        "tlv": MembershipFactory(organisation=swv, role="tlv_commissie"),
    }
    for membership in people.values():
        membership.user.acting_membership = membership
    return school, swv, pupil, people


def _granted_tlv_so(pupil, people, **overrides):
    support = request_support(people["ib"].user, pupil, "tlv_so", "Lotte loopt vast ondanks een arrangement.")
    give_advice(people["ortho"].user, support, "Cluster 4 past het best.", True)
    give_advice(people["consulent"].user, support, "Eens met de orthopedagoog.", True)
    data = {
        "granted": True,
        "motivation": "Lotte heeft meer structuur nodig dan de school kan bieden.",
        "start_date": TODAY,
        "end_date": TODAY + datetime.timedelta(days=730),
        "funding_category": "midden",
        **overrides,
    }
    return support, decide(people["tlv"].user, support, **data)


def test_the_whole_route_from_request_to_decision(region):
    _school, swv, pupil, people = region
    support, decision = _granted_tlv_so(pupil, people)
    support.refresh_from_db()
    assert support.swv == swv and support.status == Status.GRANTED
    assert decision.number.startswith(f"TLV-{TODAY.year}-") and decision.funding_category == "midden"
    assert valid_tlv(pupil, "tlv_so") == decision
    changes = AuditEvent.objects.filter(action=Action.STATUS_CHANGE, object_type=SupportRequest._meta.label)
    assert [c.detail["to"] for c in changes.order_by("at", "id")] == ["in_behandeling", "toegekend"]


def test_a_tlv_needs_two_experts(region):
    _school, _swv, pupil, people = region
    support = request_support(people["ib"].user, pupil, "tlv_sbo", "Vraag om SBO.")
    give_advice(people["ortho"].user, support, "SBO past.", True)
    with pytest.raises(ValidationError) as error:
        decide(
            people["tlv"].user,
            support,
            granted=True,
            motivation="Goed onderbouwd.",
            start_date=TODAY,
            end_date=TODAY + datetime.timedelta(days=365),
        )
    assert "granted" in error.value.message_dict
    with pytest.raises(ValidationError):
        give_advice(people["ortho"].user, support, "Nogmaals.", True)  # one advice per expert


def test_the_funding_category_belongs_to_so_and_vso_only(region):
    _school, _swv, pupil, people = region
    with pytest.raises(ValidationError) as error:
        _granted_tlv_so(pupil, people, funding_category="")
    assert "funding_category" in error.value.message_dict


def test_a_school_requests_only_what_fits_its_sector(region):
    _school, _swv, pupil, people = region
    with pytest.raises(ValidationError) as error:
        request_support(people["ib"].user, pupil, "tlv_vso", "VSO graag.")
    assert "kind" in error.value.message_dict


def test_only_the_allowed_status_changes_happen(region):
    _school, _swv, pupil, people = region
    support, _decision = _granted_tlv_so(pupil, people)
    with pytest.raises(ValidationError) as error:
        change_status(people["ib"].user, support, Status.WITHDRAWN)
    assert "status" in error.value.message_dict


def test_who_may_advise_and_decide(region):
    _school, _swv, pupil, people = region
    support = request_support(people["ib"].user, pupil, "tlv_so", "Vraag.")
    with pytest.raises(PermissionDenied):
        give_advice(people["ib"].user, support, "Ik adviseer mezelf.", True)
    with pytest.raises(PermissionDenied):
        decide(people["ortho"].user, support, granted=False, motivation="Nee.")


def test_the_swv_sees_the_pupil_only_once_asked(client, region):
    _school, _swv, pupil, people = region
    ortho = people["ortho"]
    log_in(client, ortho.user, ortho)
    assert client.get(f"/leerlingen/{pupil.pk}/").status_code == 404
    request_support(people["ib"].user, pupil, "tlv_so", "Vraag.")
    assert client.get(f"/leerlingen/{pupil.pk}/").status_code == 200
    # Seeing the pupil is not seeing the school's dossier: that arrives through a handover.
    assert client.get(f"/leerlingen/{pupil.pk}/dossier/").status_code == 404


def test_the_decision_letter_is_a_dutch_pdf_for_school_and_parents(client, region):
    _school, _swv, pupil, people = region
    support, decision = _granted_tlv_so(pupil, people)
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    log_in(client, parent)
    response = client.get(f"/ondersteuning/{support.pk}/besluit.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert decision.number in text and "Lotte de Graaf" in text and "bezwaar" in text and "midden" in text
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD, actor_id=parent.pk).exists()
    leerplicht = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.GEMEENTE), role="leerplicht")
    log_in(client, leerplicht.user, leerplicht)
    assert client.get(f"/ondersteuning/{support.pk}/besluit.pdf").status_code == 404


def test_tlvs_ending_soon_are_found(region):
    _school, _swv, pupil, people = region
    _support, decision = _granted_tlv_so(pupil, people, end_date=TODAY + datetime.timedelta(days=60))
    assert list(tlvs_ending(90)) == [decision]
    assert list(tlvs_ending(30)) == []


def test_the_route_through_the_pages(client, region):
    _school, _swv, pupil, people = region
    log_in(client, people["ib"].user, people["ib"])
    bad = client.post(f"/ondersteuning/aanvragen/{pupil.pk}/", {"kind": "tlv_so", "question": ""})
    assert "Vraag:" in bad.content.decode()
    response = client.post(f"/ondersteuning/aanvragen/{pupil.pk}/", {"kind": "tlv_so", "question": "Vastgelopen."})
    support_url = response["Location"]
    for who in ("ortho", "consulent"):
        log_in(client, people[who].user, people[who])
        client.post(f"{support_url}advies/", {"advice": "Past bij SO.", "recommends": "ja"})
        assert 'name="advice"' not in client.get(support_url).content.decode(), "one advice per expert"
    log_in(client, people["tlv"].user, people["tlv"])
    refused = client.post(f"{support_url}besluit/", {"granted": "ja", "motivation": "Onderbouwd."})
    assert refused.status_code == 400 and "Van:" in refused.content.decode()
    decision = {
        "granted": "ja",
        "motivation": "Onderbouwd.",
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + datetime.timedelta(days=365)).isoformat(),
        "funding_category": "laag",
    }
    # A decision cannot be undone: first the confirmation, with what it says, and nothing decided yet.
    confirmation = client.post(f"{support_url}besluit/", decision)
    assert confirmation.status_code == 200 and "Dit besluit nemen?" in confirmation.content.decode()
    assert 'name="confirmed" value="1"' in confirmation.content.decode()
    assert valid_tlv(pupil, "tlv_so") is None
    taken = client.post(f"{support_url}besluit/", {**decision, "confirmed": "1"}, follow=True)
    assert valid_tlv(pupil, "tlv_so") is not None
    assert "Het besluit is genomen" in taken.content.decode()


def test_the_swv_sees_which_tlvs_end_soon(client, region):
    _school, _swv, pupil, people = region
    _granted_tlv_so(pupil, people, end_date=TODAY + datetime.timedelta(days=60))
    log_in(client, people["tlv"].user, people["tlv"])
    page = client.get("/ondersteuning/")
    assert [d.request.pupil for d in page.context["ending"]] == [pupil]
    assert "die binnen vier maanden aflopen" in page.content.decode()
    # One look at the list is one event in the trail, naming the requests and the ending TLVs shown.
    (event,) = AuditEvent.objects.filter(action=Action.LIST, actor_id=people["tlv"].user.pk)
    assert event.object_type == "support.SupportRequest"
    shown = page.context["requests"][0]
    assert event.detail == {"ids": [shown.pk], "ending_tlvs": [shown.pk], "pupil_ids": [shown.pupil_id]}


def test_a_tlv_needs_an_orthopedagoog_among_the_experts_and_numbers_fit():
    po = RegionFactory(sector=Sector.PO, code="PO 55-01")
    school = OrganisationFactory(type=OrganisationType.BAO)
    school.regions.add(po)
    swv = OrganisationFactory(type=OrganisationType.SWV_PO)
    swv.regions.add(po)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    consultants = [MembershipFactory(organisation=swv, role="swv_consulent") for _ in range(2)]
    tlv = MembershipFactory(organisation=swv, role="tlv_commissie")
    for m in (ib, tlv, *consultants):
        m.user.acting_membership = m
    support = request_support(ib.user, pupil, "tlv_sbo", "Vraag.")
    for consultant in consultants:
        give_advice(consultant.user, support, "Advies.", True)
    with pytest.raises(ValidationError) as error:
        decide(tlv.user, support, granted=True, motivation="M.", start_date=TODAY, end_date=TODAY)
    assert "orthopedagoog" in error.value.message_dict["granted"][0]
    arrangement = request_support(ib.user, pupil, "arrangement", "Arrangement graag.")
    give_advice(consultants[0].user, arrangement, "Past.", True)
    decision = decide(
        tlv.user,
        arrangement,
        granted=True,
        motivation="Toegekend.",
        start_date=TODAY,
        end_date=TODAY + datetime.timedelta(days=180),
    )
    assert decision.number.startswith("ARR-") and len(decision.number) <= 20
    with pytest.raises(PermissionDenied):  # decided requests are no longer open for a decision
        decide(tlv.user, arrangement, granted=False, motivation="Nogmaals.")


def test_each_role_sees_the_actions_the_checkpoint_allows_it_on_the_request_page(client, region):
    school, _swv, pupil, people = region
    support = request_support(people["ib"].user, pupil, "tlv_so", "Lotte loopt vast.")
    other = PupilFactory()
    EnrolmentFactory(pupil=other, organisation=school)
    _granted_tlv_so(other, people, end_date=TODAY + datetime.timedelta(days=60))  # another pupil's TLV ends soon
    url = f"/ondersteuning/{support.pk}/"

    log_in(client, people["consulent"].user, people["consulent"])
    page = client.get(url)
    assert [a["href"] for a in page.context["actions"]] == ["#advies"]
    html = page.content.decode()
    assert "Uw deskundigenadvies geven" in html and 'id="advies"' in html
    # ... and the TLVs of its SWV that end soon, on the list where they are.
    assert 'href="/ondersteuning/#tlv-eindigt"' in html and "1 TLV loopt binnen vier maanden af" in html
    give_advice(people["consulent"].user, support, "Past bij SO.", True)
    html = client.get(url).content.decode()
    assert "U gaf uw advies op" in html and "Uw deskundigenadvies geven" not in html

    give_advice(people["ortho"].user, support, "Eens.", True)
    log_in(client, people["tlv"].user, people["tlv"])
    assert [a["href"] for a in client.get(url).context["actions"]] == ["#besluit"]

    log_in(client, people["ib"].user, people["ib"])
    page = client.get(url)
    assert [a["href"] for a in page.context["actions"]] == [f"/ondersteuning/{support.pk}/intrekken/"]
    assert "binnen vier maanden" not in page.content.decode()  # the TLV list is the SWV's


def test_withdrawing_is_confirmed_on_its_own_page_first(client, region):
    _school, _swv, pupil, people = region
    support = request_support(people["ib"].user, pupil, "tlv_so", "Lotte loopt vast.")
    log_in(client, people["ib"].user, people["ib"])
    page = client.get(f"/ondersteuning/{support.pk}/intrekken/").content.decode()
    assert "Deze aanvraag intrekken?" in page and "Dit kunt u niet ongedaan maken." in page
    support.refresh_from_db()
    assert support.status == Status.SUBMITTED
    done = client.post(f"/ondersteuning/{support.pk}/intrekken/", follow=True).content.decode()
    support.refresh_from_db()
    assert support.status == Status.WITHDRAWN and "De aanvraag is ingetrokken." in done
    # The SWV does not withdraw a school's request: its page is not there for them.
    log_in(client, people["consulent"].user, people["consulent"])
    assert client.get(f"/ondersteuning/{support.pk}/intrekken/").status_code == 404
