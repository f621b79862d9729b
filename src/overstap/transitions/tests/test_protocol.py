"""The regional protocol: the SWV consultant keeps the region's extra items, everyone working in the region reads
them, and new transitions get them on their checklist with their source."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    log_in,
)
from overstap.transitions.models import ChecklistOrigin, ProtocolItem
from overstap.transitions.protocol import add_protocol_item, retire_protocol_item
from overstap.transitions.workflow import open_case

pytestmark = pytest.mark.django_db
T = OrganisationType
TODAY = timezone.localdate()
NEW_ITEM = {
    "text": "Vul het regionale overstapformulier in.",
    "transitions": ["PO-VO", "PO-SO"],
    "required": "on",
    "condition": "",
    "due_on": "2027-03-01",
    "source": "Protocol PO-VO regio Lindendal 2026",
}


@pytest.fixture
def region():
    """A PO region with its SWV consultant and a primary school; and an unrelated region with its own consultant."""
    po_region = RegionFactory(sector=Sector.PO, code="PO 79-01", name="Lindendal")
    swv = OrganisationFactory(type=T.SWV_PO, name="SWV PO Lindendal")
    school = OrganisationFactory(type=T.BAO, name="De Regenboog")
    for org in (swv, school):
        org.regions.add(po_region)
    elsewhere = RegionFactory(sector=Sector.PO, code="PO 79-02", name="Elders")
    other_swv = OrganisationFactory(type=T.SWV_PO, name="SWV PO Elders")
    other_swv.regions.add(elsewhere)
    return {
        "region": po_region,
        "school": school,
        "consultant": MembershipFactory(organisation=swv, role="swv_consulent"),
        "ib": MembershipFactory(organisation=school, role="ib"),
        "other_consultant": MembershipFactory(organisation=other_swv, role="swv_consulent"),
    }


def _item(region, **values):
    defaults = {"transitions": ["PO-VO"], "text": "Overstapformulier", "source": "Protocol", "created_by_name": "SWV"}
    return ProtocolItem.objects.create(region=region, **(defaults | values))


def test_the_consultant_adds_an_item_for_the_region(client, region):
    consultant = region["consultant"]
    log_in(client, consultant.user, consultant)
    assert client.get("/overstappen/protocol/").context["form"] is not None
    response = client.post("/overstappen/protocol/", {**NEW_ITEM, "transitions": []})
    assert response.status_code == 400 and "transitions" in response.context["form"].errors
    response = client.post("/overstappen/protocol/", {**NEW_ITEM, "required": "", "condition": ""})
    assert response.status_code == 400 and "condition" in response.context["form"].errors
    assert not ProtocolItem.objects.exists()
    response = client.post("/overstappen/protocol/", NEW_ITEM)
    assert response.status_code == 302
    item = ProtocolItem.objects.get()
    assert item.region == region["region"] and item.transitions == ["PO-SO", "PO-VO"]  # in matrix order
    assert item.required and item.due_on == datetime.date(2027, 3, 1) and item.source == NEW_ITEM["source"]
    assert item.created_by_name == str(consultant.user)
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="transitions.ProtocolItem").exists()
    page = client.get("/overstappen/protocol/").content.decode()
    assert NEW_ITEM["text"] in page and NEW_ITEM["source"] in page and "1 maart 2027" in page


def test_everyone_in_the_region_reads_the_protocol_and_only_the_consultant_changes_it(client, region):
    item = _item(region["region"], text="Overstapformulier Lindendal")
    _item(RegionFactory(sector=Sector.PO, code="PO 79-03"), text="Formulier van een andere regio")
    ib = region["ib"]
    log_in(client, ib.user, ib)
    response = client.get("/overstappen/protocol/")
    assert list(response.context["items"]) == [item] and response.context["form"] is None
    assert "Formulier van een andere regio" not in response.content.decode()
    assert client.post("/overstappen/protocol/", NEW_ITEM).status_code == 404
    assert client.post(f"/overstappen/protocol/{item.pk}/stoppen/").status_code == 404
    # A consultant of another region reads and changes only their own region's protocol.
    other = region["other_consultant"]
    log_in(client, other.user, other)
    assert list(client.get("/overstappen/protocol/").context["items"]) == []
    assert client.post(f"/overstappen/protocol/{item.pk}/stoppen/").status_code == 404
    # Someone whose organisation has no region sees an empty protocol.
    lonely = MembershipFactory(organisation=OrganisationFactory(type=T.BAO), role="ib")
    log_in(client, lonely.user, lonely)
    assert list(client.get("/overstappen/protocol/").context["items"]) == []
    item.refresh_from_db()
    assert item.active and not ProtocolItem.objects.filter(text=NEW_ITEM["text"]).exists()


def test_families_have_no_protocol_page(client, region):
    parent = FamilyLinkFactory(relation=Relation.PARENT).user
    log_in(client, parent)
    assert client.get("/overstappen/protocol/").status_code == 404


def test_the_consultant_stops_an_item(client, region):
    item = _item(region["region"])
    consultant = region["consultant"]
    log_in(client, consultant.user, consultant)
    # First the shared confirmation page, which changes nothing.
    confirmation = client.get(f"/overstappen/protocol/{item.pk}/stoppen/").content.decode()
    assert "Dit kunt u niet ongedaan maken." in confirmation and item.text in confirmation
    item.refresh_from_db()
    assert item.active
    assert client.post(f"/overstappen/protocol/{item.pk}/stoppen/").status_code == 302
    item.refresh_from_db()
    assert not item.active
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(item.pk), detail={"active": False}).exists()
    assert list(client.get("/overstappen/protocol/").context["items"]) == []


def test_a_new_item_reaches_the_checklist_of_cases_opened_afterwards(client, region):
    consultant = region["consultant"]
    log_in(client, consultant.user, consultant)
    client.post("/overstappen/protocol/", NEW_ITEM)
    client.post("/overstappen/protocol/", {**NEW_ITEM, "text": "Alleen voor SO.", "transitions": ["PO-SO"]})
    retired = _item(region["region"], text="Oud formulier", active=False)
    ib = region["ib"]
    ib.user.acting_membership = ib
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=region["school"])
    vo = OrganisationFactory(type=T.VO)
    case = open_case(ib.user, pupil, vo, planned_on=TODAY + datetime.timedelta(days=60))
    assert case.code == "PO-VO"
    protocol = list(case.checklist.filter(origin=ChecklistOrigin.PROTOCOL))
    assert [(i.text, i.source, i.legal_basis) for i in protocol] == [(NEW_ITEM["text"], NEW_ITEM["source"], "protocol")]
    assert protocol[0].due_on == datetime.date(2027, 3, 1) and protocol[0].applies is True
    assert not case.checklist.filter(key=f"protocol-{retired.pk}").exists()


def _consultant(region):
    consultant = region["consultant"]
    consultant.user.acting_membership = consultant
    return consultant.user


def test_the_service_adds_an_item_only_to_the_consultants_own_region(region):
    user = _consultant(region)
    item = add_protocol_item(
        user, region["region"], transitions=["PO-VO", "PO-SO"], text=" Formulier ", required=True, source="Protocol"
    )
    assert item.transitions == ["PO-SO", "PO-VO"] and item.text == "Formulier"  # in the matrix's order, trimmed
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(item.pk)).count() == 1
    other = RegionFactory(sector=Sector.PO, code="PO 79-09")
    with pytest.raises(PermissionDenied):
        add_protocol_item(user, other, transitions=["PO-VO"], text="Formulier", required=True, source="Protocol")


def test_the_service_names_each_field_that_is_wrong_and_adds_nothing(region):
    with pytest.raises(ValidationError) as error:
        add_protocol_item(
            _consultant(region), region["region"], transitions=["XX-YY"], text=" ", required=False, source=""
        )
    assert sorted(error.value.message_dict) == ["condition", "source", "text", "transitions"]
    assert error.value.message_dict["condition"][0].startswith("Wanneer:")
    assert not ProtocolItem.objects.exists()


def test_an_item_stopped_twice_is_stopped_once(region):
    item = _item(region["region"])
    user = _consultant(region)
    assert retire_protocol_item(user, item) is True
    assert retire_protocol_item(user, item) is False
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(item.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        retire_protocol_item(region["ib"].user, _item(region["region"]))
