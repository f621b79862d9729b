"""The monitoring tests start from the transitions world (a primary school, a VO school, their SWV, a pupil of 12),
with the pupil living in a municipality that has a leerplicht officer and an RMC officer."""

import datetime

import pytest

from overstap.monitoring.dates import school_year_of
from overstap.organisations.models import OrganisationType
from overstap.support.models import SupportRequest, SwvDecision
from overstap.testing.factories import MembershipFactory, OrganisationFactory
from overstap.transitions.tests.conftest import TODAY, acting, release, send, world  # noqa: F401  (fixtures)

YEAR = school_year_of(TODAY)


@pytest.fixture
def town(world):  # noqa: F811
    municipality = OrganisationFactory(type=OrganisationType.GEMEENTE, name="Gemeente Lindendal")
    municipality.regions.add(world["po_region"], world["vo_region"])
    world["pupil"].municipality = municipality
    world["pupil"].save(update_fields=["municipality"])
    return {
        **world,
        "municipality": municipality,
        "leerplicht": acting(MembershipFactory(organisation=municipality, role="leerplicht")),
        "rmc": acting(MembershipFactory(organisation=municipality, role="rmc")),
        "consultant": acting(MembershipFactory(organisation=world["swv"], role="swv_consulent")),
    }


def tlv(pupil, school, swv, *, end: datetime.date, number="TLV-1", start=None) -> SwvDecision:
    request = SupportRequest.objects.create(
        pupil=pupil,
        school=school,
        swv=swv,
        kind="tlv_vso",
        question="Vraag",
        requested_by_name="IB'er",
        status="toegekend",
    )
    return SwvDecision.objects.create(
        request=request,
        granted=True,
        number=number,
        start_date=start or TODAY - datetime.timedelta(days=300),
        end_date=end,
        funding_category="midden",
        motivation="Motivatie.",
        decided_by_name="TLV-commissie",
    )
