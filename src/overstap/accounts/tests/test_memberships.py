import pytest
from django.core.exceptions import ValidationError

from overstap.accounts.models import Membership
from overstap.accounts.roles import ROLE_ORGANISATION_TYPES, Role
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_of_the_design_can_be_given_somewhere():
    assert set(ROLE_ORGANISATION_TYPES) == set(Role)
    assert all(ROLE_ORGANISATION_TYPES[role] for role in Role)


@pytest.mark.parametrize(
    ("role", "org_type"),
    [
        (Role.LEERPLICHT, OrganisationType.BAO),
        (Role.IB, OrganisationType.GEMEENTE),
        (Role.TLV_COMMISSIE, OrganisationType.VO),
        (Role.VOORSCHOOL_MEDEWERKER, OrganisationType.VSO),
    ],
)
def test_a_role_that_does_not_fit_the_organisation_is_refused_with_a_dutch_message(role, org_type):
    membership = Membership(user=UserFactory(), organisation=OrganisationFactory(type=org_type), role=role)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "role" in error.value.message_dict


def test_one_person_can_have_roles_in_several_organisations():
    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory(type=OrganisationType.SBO), role=Role.IB)
    MembershipFactory(user=user, organisation=OrganisationFactory(type=OrganisationType.SO), role=Role.IB)
    assert user.active_memberships().count() == 2


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("ib", ["/overstappen/", "/ondersteuning/"], ["/beheer/", "/privacy/doorbrekingen/"]),
        ("tlv_commissie", ["/ondersteuning/"], ["/overstappen/", "/beheer/"]),
        ("functioneel_beheerder", ["/beheer/"], ["/overstappen/", "/ondersteuning/"]),
        ("privacy", ["/privacy/doorbrekingen/"], ["/overstappen/", "/beheer/"]),
        # Leerplicht follows the transitions of its pupils without a place; never the SWV route.
        ("leerplicht", ["/overstappen/"], ["/ondersteuning/", "/beheer/", "/privacy/doorbrekingen/"]),
    ],
)
def test_the_menu_shows_what_the_acting_role_works_with(client, role, shown, hidden):
    from overstap.accounts.roles import ROLE_ORGANISATION_TYPES
    from overstap.testing.factories import log_in

    organisation = OrganisationFactory(type=sorted(ROLE_ORGANISATION_TYPES[role])[0])
    membership = MembershipFactory(organisation=organisation, role=role)
    log_in(client, membership.user, membership)
    menu = client.get("/").content.decode().split('class="ovs-nav__list"', 1)[1].split("</ul>", 1)[0]
    for url in shown:
        assert f'href="{url}"' in menu, url
    for url in hidden:
        assert f'href="{url}"' not in menu, url
