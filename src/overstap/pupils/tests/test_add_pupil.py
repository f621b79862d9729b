"""Adding a pupil by hand: only the registering staff of the school itself, a plausible date of birth for the type
of school, the eleven-test on the number, and a duplicate refused with a way to the pupil who is there already."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType
from overstap.pupils.ages import PLAUSIBLE_AGES
from overstap.pupils.bsn import is_bsn, is_onderwijsnummer, passes_eleven_test
from overstap.pupils.models import Enrolment, Pupil
from overstap.pupils.services import DuplicatePupil, add_pupil
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _years_ago(years: int, days: int = 0) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years, month=1, day=1) - datetime.timedelta(days=days)


@pytest.fixture
def primary():
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Linde")
    return school, MembershipFactory(organisation=school, role="ib")


def _add(membership, **given):
    fields = {
        "given_names": "Noor Fatima",
        "family_name": "Bakker",
        "birth_date": _years_ago(8),
        "start_date": TODAY,
        "onderwijsnummer": "",
    }
    return add_pupil(membership.user, membership.organisation, **{**fields, **given})


def test_the_eleven_test_knows_a_bsn_and_an_education_number():
    assert is_bsn("111222333") and not is_bsn("111222334") and not is_bsn("000000000")
    assert is_onderwijsnummer("101000000") and not is_bsn("101000000")
    assert not passes_eleven_test("11122233") and not passes_eleven_test("11122233a")


def test_the_school_adds_a_pupil_enrolled_from_the_given_day_and_it_is_audited(primary):
    school, ib = primary
    pupil = _add(ib, onderwijsnummer="111 222 333", group="5b")
    assert pupil.onderwijsnummer == "111222333" and pupil.full_name == "Noor Bakker"
    enrolment = Enrolment.objects.get(pupil=pupil)
    assert (enrolment.organisation, enrolment.start_date, enrolment.group) == (school, TODAY, "5b")
    created = set(
        AuditEvent.objects.filter(action=Action.CREATE, pupil_id=pupil.pk).values_list("object_type", flat=True)
    )
    assert created == {"pupils.Pupil", "pupils.Enrolment"}


def test_a_birth_date_in_the_future_or_implausible_for_the_school_type_is_refused_with_the_field_named(primary):
    _school, ib = primary
    with pytest.raises(ValidationError) as error:
        _add(ib, birth_date=TODAY + datetime.timedelta(days=1))
    assert error.value.message_dict == {"birth_date": ["Geboortedatum: deze datum ligt in de toekomst."]}
    with pytest.raises(ValidationError) as error:
        _add(ib, birth_date=_years_ago(17))  # 17 at a primary school: a mistyped year
    (message,) = error.value.message_dict["birth_date"]
    assert message.startswith("Geboortedatum: de leerling zou op de eerste schooldag hier 17 zijn")
    assert "tussen 3 en 14 jaar" in message
    assert not Pupil.objects.exists()


@pytest.mark.parametrize(
    ("school_type", "age", "plausible"),
    [
        (OrganisationType.VOORSCHOOL, 2, True),
        (OrganisationType.VOORSCHOOL, 6, False),
        (OrganisationType.VO, 12, True),
        (OrganisationType.VO, 8, False),
        (OrganisationType.VSO, 19, True),
        (OrganisationType.MBO, 17, True),
        (OrganisationType.MBO, 12, False),
        (OrganisationType.SO, 6, True),
    ],
)
def test_the_age_range_follows_the_type_of_school(school_type, age, plausible):
    school = OrganisationFactory(type=school_type)
    staff = MembershipFactory(
        organisation=school, role="voorschool_medewerker" if school_type == "voorschool" else "ib"
    )
    born = TODAY.replace(year=TODAY.year - age) - datetime.timedelta(days=30)
    if plausible:
        assert _add(staff, birth_date=born).age == age
    else:
        with pytest.raises(ValidationError) as error:
            _add(staff, birth_date=born)
        assert list(error.value.message_dict) == ["birth_date"]


def test_every_school_type_has_a_range_and_each_range_is_sensible():
    from overstap.organisations.models import EDUCATION_TYPES

    assert set(PLAUSIBLE_AGES) == set(EDUCATION_TYPES)
    assert all(0 <= young < old <= 30 for young, old in PLAUSIBLE_AGES.values())


def test_a_number_that_fails_the_eleven_test_is_refused(primary):
    _school, ib = primary
    with pytest.raises(ValidationError) as error:
        _add(ib, onderwijsnummer="111222334", given_names="")
    assert error.value.message_dict == {
        "given_names": ["Voornamen: dit veld is verplicht."],
        "onderwijsnummer": [
            "BSN of onderwijsnummer: 111222334 is geen geldig nummer (het voldoet niet aan de elfproef). "
            "Kijk de cijfers na."
        ],
    }


def test_a_duplicate_is_refused_and_names_the_existing_pupil(primary):
    _school, ib = primary
    there = _add(ib, onderwijsnummer="111222333")
    with pytest.raises(DuplicatePupil) as same_number:
        _add(ib, onderwijsnummer="111222333", given_names="Iemand", family_name="Anders")
    assert same_number.value.existing == there and list(same_number.value.message_dict) == ["onderwijsnummer"]
    with pytest.raises(DuplicatePupil) as same_name:
        _add(ib, given_names="noor fatima", family_name="BAKKER")
    assert same_name.value.existing == there and list(same_name.value.message_dict) == ["given_names"]
    # The same name and birth date at another school is another child.
    other = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="ib")
    assert _add(other) != there
    assert Pupil.objects.count() == 2


def test_the_database_holds_one_pupil_per_number_and_any_number_of_pupils_without_one():
    PupilFactory(onderwijsnummer="111222333")
    with pytest.raises(IntegrityError), transaction.atomic():
        PupilFactory(onderwijsnummer="111222333")
    PupilFactory(onderwijsnummer="")
    PupilFactory(onderwijsnummer="")
    assert Pupil.objects.filter(onderwijsnummer="111222333").count() == 1
    assert Pupil.objects.filter(onderwijsnummer="").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need a database server")
@pytest.mark.django_db(transaction=True)
def test_two_schools_adding_the_same_number_at_the_same_moment_add_one_pupil():
    schools = [OrganisationFactory(type=OrganisationType.BAO) for _ in range(2)]
    staff = [MembershipFactory(organisation=school, role="ib") for school in schools]
    start = threading.Barrier(2)
    outcomes = []

    def add(membership):
        try:
            start.wait(timeout=10)
            _add(membership, onderwijsnummer="111222333")
            outcomes.append("added")
        except DuplicatePupil as error:
            outcomes.append(error.message_dict["onderwijsnummer"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(membership,)) for membership in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["BSN of onderwijsnummer: er staat al een leerling met dit nummer in Overstap.", "added"]
    # The school that was second changed nothing: one pupil, enrolled at one school.
    assert Pupil.objects.filter(onderwijsnummer="111222333").count() == 1
    assert Enrolment.objects.count() == 1


def test_only_the_registering_staff_of_a_school_add_pupils_and_only_at_their_own_school(primary):
    school, _ib = primary
    for role in ("mentor", "decaan"):
        with pytest.raises(PermissionDenied):
            _add(MembershipFactory(organisation=school, role=role))
    municipality = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.GEMEENTE), role="leerplicht"
    )
    with pytest.raises(PermissionDenied):
        _add(municipality)
    stranger = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="ib")
    with pytest.raises(PermissionDenied):
        add_pupil(stranger.user, school, given_names="A", family_name="B", birth_date=_years_ago(8), start_date=TODAY)
    assert not Pupil.objects.exists()


def test_the_form_links_to_a_duplicate_only_when_the_user_may_see_that_pupil(client, primary):
    school, ib = primary
    log_in(client, ib.user, ib)
    assert "Een leerling met de hand toevoegen" in client.get("/leerlingen/").content.decode()
    mine = PupilFactory(given_names="Sara", family_name="Visser", onderwijsnummer="111222333")
    EnrolmentFactory(pupil=mine, organisation=school)
    elsewhere = PupilFactory(onderwijsnummer="101000000")
    EnrolmentFactory(pupil=elsewhere, organisation=OrganisationFactory(type=OrganisationType.BAO))
    form = {"given_names": "Sara", "family_name": "Visser", "birth_date": "01-05-2014", "start_date": TODAY.isoformat()}
    html = client.post("/leerlingen/nieuw/", {**form, "onderwijsnummer": "111222333"}).content.decode()
    assert "er staat al een leerling met dit nummer in Overstap" in html
    assert f'href="/leerlingen/{mine.pk}/"' in html
    html = client.post("/leerlingen/nieuw/", {**form, "onderwijsnummer": "101000000"}).content.decode()
    assert "er staat al een leerling met dit nummer in Overstap" in html
    assert f"/leerlingen/{elsewhere.pk}/" not in html
    response = client.post(
        "/leerlingen/nieuw/", {**form, "given_names": "Sam", "onderwijsnummer": "", "group": "6a"}, follow=True
    )
    new = Pupil.objects.get(given_names="Sam")
    assert response.redirect_chain[-1][0] == f"/leerlingen/{new.pk}/"
    assert "Sam Visser is ingeschreven bij De Linde." in response.content.decode()


def test_the_form_is_not_there_for_who_may_not_add(client, primary):
    school, _ib = primary
    mentor = MembershipFactory(organisation=school, role="mentor")
    log_in(client, mentor.user, mentor)
    assert client.get("/leerlingen/nieuw/").status_code == 404
    assert "met de hand toevoegen" not in client.get("/leerlingen/").content.decode()
