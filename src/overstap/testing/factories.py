"""factory_boy factories for tests."""

import datetime
import itertools
import time

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from overstap.accounts.models import Membership, User
from overstap.accounts.sessions import LOGIN_AT
from overstap.organisations.models import SCHOOL_TYPES, Organisation, OrganisationType, Region, Sector
from overstap.pupils.models import Enrolment, FamilyLink, Pupil, Relation

_brin = itertools.count(1)
_gemeente = itertools.count(1)


def next_brin() -> str:
    number = next(_brin)
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{number // 576 % 100:02d}{letters[number // 24 % 24]}{letters[number % 24]}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    sector = Sector.PO
    code = factory.Sequence(lambda n: f"PO {n % 100:02d}-{n // 100 % 100:02d}")
    name = factory.Sequence(lambda n: f"Regio {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.BAO
    brin = factory.LazyAttribute(lambda o: next_brin() if o.type in SCHOOL_TYPES else "")
    vestiging = factory.LazyAttribute(lambda o: "00" if o.type in SCHOOL_TYPES else "")
    gemeente_code = factory.LazyAttribute(
        lambda o: f"GM{next(_gemeente):04d}" if o.type == OrganisationType.GEMEENTE else ""
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", "Een-goed-wachtwoord-1")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "ib"


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    given_names = factory.Sequence(lambda n: f"Kind{n}")
    family_name = factory.Sequence(lambda n: f"Achternaam{n}")
    birth_date = datetime.date(2014, 5, 1)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2020, 8, 20)
    end_date = None


class FamilyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyLink

    user = factory.SubFactory(UserFactory)
    pupil = factory.SubFactory(PupilFactory)
    relation = Relation.PARENT
    legal_representative = True


def log_in(client, user, membership=None):
    """Logs a user in on a test client with a verified second factor, acting in the given membership."""
    from overstap.accounts.sessions import ACTING_MEMBERSHIP

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[LOGIN_AT] = time.time()
    if membership is not None:
        session[ACTING_MEMBERSHIP] = membership.pk
    session.save()
    return client
