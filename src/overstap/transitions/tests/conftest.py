"""The world most transition tests start from: a primary school and a VO school in their SWV regions, a pupil of
12 with two entries in the dossier (support needs, which go, and the home situation, which needs consent), the
IB'er who sends, the care coordinator who receives, and a parent."""

import pytest
from django.utils import timezone

from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    UserFactory,
)
from overstap.transitions.cases import tick_checklist_item
from overstap.transitions.handover import choose_categories, handover_or_blank, record_inzage, waive_family_view
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status

TODAY = timezone.localdate()
SUPPORT_TEXT = "Heeft baat bij een rekenmachine en extra tijd."
HOME_TEXT = "Vader werkt in ploegendienst."


def acting(membership):
    membership.user.acting_membership = membership
    return membership


@pytest.fixture
def world(db):
    po_region = RegionFactory(sector=Sector.PO, code="PO 66-02")
    vo_region = RegionFactory(sector=Sector.VO, code="VO 66-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    school.regions.add(po_region)
    vo = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    vo.regions.add(vo_region)
    swv = OrganisationFactory(type=OrganisationType.SWV_VO, name="SWV VO Lindendal")
    swv.regions.add(vo_region)
    pupil = PupilFactory(given_names="Sem", family_name="Jansen", birth_date=TODAY.replace(year=TODAY.year - 12))
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=TODAY.replace(year=TODAY.year - 8))
    ib = acting(MembershipFactory(organisation=school, role="ib", user=UserFactory(email="ib@regenboog.invalid")))
    vo_ib = acting(MembershipFactory(organisation=vo, role="zorgcoordinator", user=UserFactory(email="zc@lc.invalid")))
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    for category, title, text in (
        ("ondersteuningsbehoeften", "Rekenen", SUPPORT_TEXT),
        ("thuissituatie", "Thuis", HOME_TEXT),
    ):
        Entry.objects.create(
            pupil=pupil, category=category, title=title, text=text, organisation=school, author_name="Juf Anna"
        )
    return {
        "school": school,
        "vo": vo,
        "swv": swv,
        "pupil": pupil,
        "ib": ib,
        "vo_ib": vo_ib,
        "parent": parent,
        "po_region": po_region,
        "vo_region": vo_region,
    }


def release(m, categories=("ondersteuningsbehoeften",)):
    """The sending school registers the pupil, chooses what goes and lets the parents read it."""
    case = change_status(m["ib"].user, m["case"], Status.AANGEMELD)
    choose_categories(m["ib"].user, case, list(categories), expected_version=handover_or_blank(case).version)
    tick_required(m["ib"].user, case)
    return change_status(m["ib"].user, case, Status.INZAGE_OUDERS)


def tick_required(user, case):
    """The sending school does what the checklist requires for every pupil (sending waits for it)."""
    for item in case.checklist.filter(required=True):
        tick_checklist_item(user, item)


def send(m, categories=("ondersteuningsbehoeften",)):
    """... and sends it, after the parents read it and chose not to add a view."""
    case = release(m, categories)
    record_inzage(m["ib"].user, case, TODAY, by_name="Moeder")
    waive_family_view(m["ib"].user, case)
    return change_status(m["ib"].user, case, Status.VERZONDEN)
