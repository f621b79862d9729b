"""Recording a parent or guardian: by the pupil's school only, with a message naming a wrong field, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType
from overstap.pupils.services import add_guardian
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_and_pupil():
    school = OrganisationFactory(type=OrganisationType.BAO)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    return MembershipFactory(organisation=school, role="ib").user, pupil


def test_the_school_records_a_guardian_and_it_is_audited(school_and_pupil):
    ib, pupil = school_and_pupil
    guardian = add_guardian(ib, pupil, name=" Jeugdbescherming West ", relation="voogd", legal_representative=True)
    assert guardian.name == "Jeugdbescherming West" and guardian.recorded_by_name == str(ib)
    assert AuditEvent.objects.get(action=Action.CREATE, object_type="pupils.Guardian").pupil_id == pupil.pk


def test_a_guardian_without_name_or_with_an_unknown_relation_is_refused(school_and_pupil):
    ib, pupil = school_and_pupil
    with pytest.raises(ValidationError) as error:
        add_guardian(ib, pupil, name=" ", relation="buurman")
    assert error.value.message_dict == {
        "name": ["Naam: dit veld is verplicht."],
        "relation": ["Relatie: kies er een uit de lijst."],
    }
    assert not pupil.guardians.exists()


def test_another_school_records_no_guardian(school_and_pupil):
    _ib, pupil = school_and_pupil
    other = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="ib").user
    with pytest.raises(PermissionDenied):
        add_guardian(other, pupil, name="Moeder", relation="ouder")
    assert not pupil.guardians.exists()
