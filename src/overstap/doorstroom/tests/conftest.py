"""The world of the doorstroomdossier tests: a VO school (Lindendal College) with a mentor, a decaan and a care
coordinator; another VO school in the region; an MBO school (the ROC) that receives. Two students at the College:
Noor, 16, with her own account, and Tess, 14, with her mother (parental authority) and her own account."""

import datetime

import pytest
from django.utils import timezone

from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)

TODAY = timezone.localdate()


def years_ago(years: int, days: int = 0) -> datetime.date:
    try:
        day = TODAY.replace(year=TODAY.year - years)
    except ValueError:
        day = TODAY.replace(year=TODAY.year - years, day=28)
    return day - datetime.timedelta(days=days)


def acting(membership):
    membership.user.acting_membership = membership
    return membership


@pytest.fixture
def school_world(db):
    return build_school_world()


@pytest.fixture
def school_world_live(transactional_db):
    return build_school_world()


def build_school_world() -> dict:
    region = RegionFactory(sector=Sector.VO, code="VO 77-01")
    college = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    other = OrganisationFactory(type=OrganisationType.VO, name="Het Baken")
    roc = OrganisationFactory(type=OrganisationType.MBO, name="ROC Lindendal")
    for org in (college, other, roc):
        org.regions.add(region)
    noor = PupilFactory(given_names="Noor", family_name="van Leeuwen", birth_date=years_ago(16, 100))
    tess = PupilFactory(given_names="Tess", family_name="Jansen", birth_date=years_ago(14, 30))
    for pupil in (noor, tess):
        EnrolmentFactory(pupil=pupil, organisation=college, start_date=years_ago(3))
    people = {
        "mentor": acting(MembershipFactory(organisation=college, role="mentor")),
        "decaan": acting(MembershipFactory(organisation=college, role="decaan")),
        "zorg": acting(MembershipFactory(organisation=college, role="zorgcoordinator")),
        "other_decaan": acting(MembershipFactory(organisation=other, role="decaan")),
        "roc_zorg": acting(MembershipFactory(organisation=roc, role="zorgcoordinator")),
    }
    noor_self = FamilyLinkFactory(pupil=noor, relation=Relation.PUPIL, legal_representative=False).user
    tess_self = FamilyLinkFactory(pupil=tess, relation=Relation.PUPIL, legal_representative=False).user
    tess_mother = FamilyLinkFactory(pupil=tess, relation=Relation.PARENT, legal_representative=True).user
    tess_carer = FamilyLinkFactory(pupil=tess, relation=Relation.CARER, legal_representative=False).user
    return {
        "college": college,
        "other": other,
        "roc": roc,
        "noor": noor,
        "tess": tess,
        "noor_self": noor_self,
        "tess_self": tess_self,
        "tess_mother": tess_mother,
        "tess_carer": tess_carer,
        **people,
    }
