"""Rules a second reader found missing: age limits for parents, consent on every read (who is an expert for a TLV
is tested with the SWV route, in the support app)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from overstap.consent.services import break_glass, give_consent, withdraw_consent
from overstap.dossiers.models import Entry, YouthCare
from overstap.dossiers.plan_services import create_opp, record_evaluation
from overstap.dossiers.services import EntryData, create_entry
from overstap.dossiers.youthcare_services import record_youth_care
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Programme, Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _school_pupil(age_years: int, org_type=OrganisationType.VO):
    school = OrganisationFactory(type=org_type)
    pupil = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - age_years) - datetime.timedelta(days=10))
    EnrolmentFactory(pupil=pupil, organisation=school, programme=Programme.LWOO)
    zorg = MembershipFactory(organisation=school, role="zorgcoordinator")
    zorg.user.acting_membership = zorg
    return school, pupil, zorg


def test_parents_read_the_dossier_until_18_and_health_only_until_16(client):
    _school, pupil, zorg = _school_pupil(17)
    create_entry(zorg.user, pupil, EntryData("gezondheid", "Medicatie", "Gebruikt medicatie."))
    create_entry(zorg.user, pupil, EntryData("handelingsadviezen", "Instructie", "Korte instructie."))
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    assert set(Entry.objects.for_user(parent, "list").values_list("title", flat=True)) == {"Instructie"}
    assert set(Entry.objects.for_user(own, "list").values_list("title", flat=True)) == {"Instructie", "Medicatie"}
    _s, adult, zorg2 = _school_pupil(18)
    create_entry(zorg2.user, adult, EntryData("handelingsadviezen", "Instructie", "Korte instructie."))
    adult_parent = FamilyLinkFactory(pupil=adult, relation=Relation.PARENT, legal_representative=True).user
    log_in(client, adult_parent)
    assert client.get(f"/leerlingen/{adult.pk}/").status_code == 404
    assert client.get(f"/leerlingen/{adult.pk}/dossier/").status_code == 404


def test_a_parent_without_parental_authority_sees_the_pupil_but_not_the_dossier(client):
    _school, pupil, _zorg = _school_pupil(12, OrganisationType.BAO)
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=False).user
    log_in(client, parent)
    assert client.get(f"/leerlingen/{pupil.pk}/").status_code == 200
    assert client.get(f"/leerlingen/{pupil.pk}/dossier/").status_code == 404


def test_withdrawing_consent_closes_the_schools_view_of_youth_care():
    school, pupil, zorg = _school_pupil(17)
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    consent = give_consent(own, pupil, "jeugdhulp", school)
    record_youth_care(zorg.user, pupil, provider="Jeugd-GGZ", care_type="jeugd_ggz", start_on=TODAY)
    assert YouthCare.objects.for_user(zorg.user, "list").count() == 1
    withdraw_consent(own, consent)
    assert YouthCare.objects.for_user(zorg.user, "list").count() == 0
    assert YouthCare.objects.for_user(own, "list").count() == 1


def test_leerplicht_does_not_see_the_support_programme(client):
    _school, pupil, _zorg = _school_pupil(13)
    gemeente = OrganisationFactory(type=OrganisationType.GEMEENTE)
    pupil.municipality = gemeente
    pupil.save()
    leerplicht = MembershipFactory(organisation=gemeente, role="leerplicht")
    log_in(client, leerplicht.user, leerplicht)
    html = client.get(f"/leerlingen/{pupil.pk}/").content.decode()
    assert "LWOO" not in html and "Leerwegondersteuning" not in html


def test_breaking_confidentiality_is_not_shown_to_the_family(client):
    _school, pupil, zorg = _school_pupil(12, OrganisationType.BAO)
    break_glass(zorg.user, zorg, pupil, "Acute zorgen over de veiligheid thuis, Veilig Thuis ingeschakeld.")
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    log_in(client, parent)
    assert "doorbreking" not in client.get(f"/leerlingen/{pupil.pk}/wie-keek-er/").content.decode()


def test_an_evaluation_outcome_is_not_overwritten():
    _school, pupil, zorg = _school_pupil(13)
    opp = create_opp(
        zorg.user,
        pupil,
        exit_profile="arbeid",
        exit_level="PrO",
        approach="x",
        goals=[{"goal": "x"}],
        evaluations=[TODAY],
    )
    evaluation = opp.evaluations.get()
    record_evaluation(zorg.user, evaluation, "Eerste uitkomst.")
    with pytest.raises(ValidationError):
        record_evaluation(zorg.user, evaluation, "Tweede uitkomst.")
    evaluation.refresh_from_db()
    assert evaluation.outcome == "Eerste uitkomst."


def test_a_mentor_reads_what_teaching_needs_not_health_or_home():
    school, pupil, zorg = _school_pupil(13)
    create_entry(zorg.user, pupil, EntryData("gezondheid", "Medicatie", "Gebruikt medicatie."))
    create_entry(zorg.user, pupil, EntryData("thuissituatie", "Thuis", "Ouders zijn gescheiden."))
    create_entry(zorg.user, pupil, EntryData("handelingsadviezen", "Instructie", "Korte instructie."))
    mentor = MembershipFactory(organisation=school, role="mentor")
    assert set(Entry.objects.for_user(mentor.user, "list").values_list("title", flat=True)) == {"Instructie"}
    assert Entry.objects.for_user(zorg.user, "list").count() == 3
