"""A small world for the API tests: two schools (A and B), a pupil at each with an entry, and tokens."""

import datetime

from overstap.api.scopes import SCOPES
from overstap.api.services import issue_token
from overstap.consent.categories import Category
from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory


def school(name: str):
    organisation = OrganisationFactory(name=name, type=OrganisationType.BAO)
    manager = MembershipFactory(organisation=organisation, role="functioneel_beheerder")
    manager.user.acting_membership = manager
    pupil = PupilFactory(birth_date=datetime.date(2015, 3, 1))
    EnrolmentFactory(pupil=pupil, organisation=organisation, start_date=datetime.date(2021, 8, 20))
    entry = Entry.objects.create(
        pupil=pupil,
        category=Category.ONTWIKKELING,
        title="Leest vlot",
        text="Leest op niveau.",
        organisation=organisation,
        author_name="IB",
        author_role="ib",
    )
    return {"organisation": organisation, "manager": manager, "pupil": pupil, "entry": entry}


def token(world, *, scopes=None, role="ib", name="Koppeling"):
    made, key = issue_token(
        world["manager"].user, world["organisation"], name=name, role=role, scopes=scopes or list(SCOPES)
    )
    return made, key


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
