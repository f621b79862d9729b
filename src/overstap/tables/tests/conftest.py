"""A VO region with two VO schools, an MBO, a municipality and the SWV VO that convenes a VO→MBO tafel; a school in
another region; pupils at several schools, some living in the municipality and some not."""

import datetime

import pytest
from django.utils import timezone

from overstap.coaching.models import Coaching
from overstap.monitoring.models import Signal, SignalKind
from overstap.organisations.models import OrganisationType, Sector
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)
from overstap.transitions.models import Status as CaseStatus
from overstap.transitions.models import TransitionCase

from ..models import Overstaptafel, Participant, Source, TablePupil

TODAY = timezone.localdate()


def acting(membership):
    membership.user.acting_membership = membership
    return membership


def _years_ago(years: int) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years, month=1, day=15)


@pytest.fixture
def region(db):
    vo_region = RegionFactory(sector=Sector.VO, code="VO 91-02", name="VO Lindendal")
    far_region = RegionFactory(sector=Sector.VO, code="VO 92-02", name="VO Elders")
    orgs = {}
    for key, kind in (
        ("college", OrganisationType.VO),
        ("lyceum", OrganisationType.VO),
        ("roc", OrganisationType.MBO),
        ("gemeente", OrganisationType.GEMEENTE),
        ("elders_gemeente", OrganisationType.GEMEENTE),
        ("swv", OrganisationType.SWV_VO),
    ):
        orgs[key] = OrganisationFactory(type=kind, name=key.capitalize())
        orgs[key].regions.add(vo_region)
    orgs["far"] = OrganisationFactory(type=OrganisationType.VO, name="Ver weg")
    orgs["far"].regions.add(far_region)

    def pupil(name, school, municipality="gemeente"):
        found = PupilFactory(given_names=name, family_name="Lid", birth_date=_years_ago(16))
        found.municipality = orgs[municipality]
        found.save(update_fields=["municipality"])
        EnrolmentFactory(pupil=found, organisation=orgs[school], start_date=_years_ago(4), group="4 vmbo-t")
        return found

    pupils = {
        "anna": pupil("Anna", "college"),  # exam year, no registration: a signal the college owns
        "bram": pupil("Bram", "lyceum"),  # registered at the ROC
        "chaima": pupil("Chaima", "college"),  # proposed to the ROC by the tafel
        "daan": pupil("Daan", "lyceum", "elders_gemeente"),  # lives in another municipality
        "emre": pupil("Emre", "far", "elders_gemeente"),  # another region altogether
    }
    Signal.objects.create(
        kind=SignalKind.GEEN_PLEK,
        pupil=pupils["anna"],
        owner=orgs["college"],
        owner_role="ib",
        cause="Examenjaar: niet aangemeld bij een mbo.",
        cause_key=f"exam:{pupils['anna'].pk}:{TODAY.year}",
        raised_on=TODAY,
    )
    bram_case = TransitionCase.objects.create(
        pupil=pupils["bram"],
        from_organisation=orgs["lyceum"],
        to_organisation=orgs["roc"],
        code="VO-MBO",
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        status=CaseStatus.AANGEMELD,
        created_by_name="Zorgcoördinator",
    )
    people = {
        "college_ib": acting(MembershipFactory(organisation=orgs["college"], role="ib")),
        "college_mentor": acting(MembershipFactory(organisation=orgs["college"], role="mentor")),
        "college_decaan": acting(MembershipFactory(organisation=orgs["college"], role="decaan")),
        "lyceum_zorg": acting(MembershipFactory(organisation=orgs["lyceum"], role="zorgcoordinator")),
        "roc_zorg": acting(MembershipFactory(organisation=orgs["roc"], role="zorgcoordinator")),
        "leerplicht": acting(MembershipFactory(organisation=orgs["gemeente"], role="leerplicht")),
        "consultant": acting(MembershipFactory(organisation=orgs["swv"], role="swv_consulent")),
        "beleid": acting(MembershipFactory(organisation=orgs["swv"], role="beleid")),
        "far_ib": acting(MembershipFactory(organisation=orgs["far"], role="ib")),
        "rmc": acting(MembershipFactory(organisation=orgs["gemeente"], role="rmc")),
        "roc_coach": acting(MembershipFactory(organisation=orgs["roc"], role="overstapcoach")),
    }
    # The ROC's overstapcoach has Bram on the caseload.
    Coaching.objects.create(
        case=bram_case,
        coach=people["roc_coach"],
        assigned_by_name="Zorgcoördinator",
        assigned_by_organisation=orgs["lyceum"],
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=180),
    )
    tafel = Overstaptafel.objects.create(
        region=vo_region,
        transition="VO-MBO",
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        held_on=TODAY,
        location="Stadhuis",
        convener=orgs["swv"],
        convened_by_name="Consulent",
    )
    for key in ("college", "lyceum", "roc", "gemeente"):
        Participant.objects.create(tafel=tafel, organisation=orgs[key])
    rows = {
        name: TablePupil.objects.create(
            tafel=tafel,
            pupil=pupils[name],
            source=Source.ADDED,
            added_by_name="Consulent",
            support_note="Heeft een rustige plek nodig." if name == "chaima" else "",
            proposed_to=orgs["roc"] if name == "chaima" else None,
        )
        for name in ("anna", "bram", "chaima", "daan", "emre")
    }
    return {"region": vo_region, "orgs": orgs, "pupils": pupils, "people": people, "tafel": tafel, "rows": rows}
