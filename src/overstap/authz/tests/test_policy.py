import pytest

from overstap.authz.policy import RULES, can, is_mapped
from overstap.organisations.models import Organisation, OrganisationType
from overstap.pupils.models import Pupil
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
)

pytestmark = pytest.mark.django_db


def test_an_action_nobody_mapped_is_denied_for_lists_and_single_objects():
    school = OrganisationFactory(type=OrganisationType.BAO)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    assert not is_mapped(Pupil, "delete_everything")
    assert Pupil.objects.for_user(ib.user, "delete_everything").count() == 0
    assert not can(ib.user, "delete_everything", pupil)
    assert can(ib.user, "view", pupil)


def test_anonymous_users_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    PupilFactory()
    OrganisationFactory()
    for (label, action), _rule in RULES.items():
        from django.apps import apps

        model = apps.get_model(label)
        assert model.objects.for_user(AnonymousUser(), action).count() == 0, (label, action)


def test_a_pupil_who_left_a_school_is_no_longer_visible_to_it():
    import datetime

    old_school = OrganisationFactory(type=OrganisationType.BAO)
    new_school = OrganisationFactory(type=OrganisationType.VO)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=old_school, end_date=datetime.date(2023, 7, 15))
    EnrolmentFactory(pupil=pupil, organisation=new_school, start_date=datetime.date(2023, 8, 20))
    assert not can(MembershipFactory(organisation=old_school, role="ib").user, "view", pupil)
    assert can(MembershipFactory(organisation=new_school, role="mentor").user, "view", pupil)


def test_a_parent_sees_their_own_child_only():
    link = FamilyLinkFactory()
    other = PupilFactory()
    assert list(Pupil.objects.for_user(link.user, "list")) == [link.pupil]
    assert not can(link.user, "view", other)
    assert Organisation.objects.for_user(link.user, "list").count() == 0
