import pytest

from overstap.organisations.models import OrganisationType
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory, log_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pupils", [1, 60])
def test_the_pupil_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, pupils):
    school = OrganisationFactory(type=OrganisationType.BAO)
    for _ in range(pupils):
        EnrolmentFactory(pupil=PupilFactory(), organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    log_in(client, ib.user, ib)
    with django_assert_max_num_queries(14):
        response = client.get("/leerlingen/")
    assert response.status_code == 200
    assert len(response.context["pupils"]) == min(pupils, 50)


def test_the_pupil_list_pages_and_searches(client):
    school = OrganisationFactory(type=OrganisationType.BAO)
    for n in range(55):
        EnrolmentFactory(pupil=PupilFactory(family_name=f"Achternaam{n:02d}"), organisation=school)
    EnrolmentFactory(pupil=PupilFactory(given_names="Sem", family_name="Jansen"), organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    log_in(client, ib.user, ib)
    second = client.get("/leerlingen/?pagina=2")
    assert len(second.context["pupils"]) == 6
    found = client.get("/leerlingen/?q=sem jans")
    assert [p.family_name for p in found.context["pupils"]] == ["Jansen"]


def test_parents_and_guardians_are_recorded_and_shown_to_the_school_and_family(client):
    from overstap.pupils.models import Relation
    from overstap.testing.factories import FamilyLinkFactory

    school = OrganisationFactory(type=OrganisationType.BAO)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    log_in(client, ib.user, ib)
    bad = client.post(f"/leerlingen/{pupil.pk}/ouders/nieuw/", {"name": "", "relation": "voogd", "email": "x"})
    assert "Naam:" in bad.content.decode() and not pupil.guardians.exists()
    client.post(
        f"/leerlingen/{pupil.pk}/ouders/nieuw/",
        {
            "name": "Jeugdbescherming West (voogd)",
            "relation": "voogd",
            "legal_representative": "on",
            "phone": "010-1234567",
        },
    )
    assert "Jeugdbescherming West" in client.get(f"/leerlingen/{pupil.pk}/").content.decode()
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT).user
    log_in(client, parent)
    assert "Jeugdbescherming West" in client.get(f"/leerlingen/{pupil.pk}/").content.decode()
