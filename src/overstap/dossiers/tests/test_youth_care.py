"""Youth care: recorded only with consent, and decided on at each transition and at 18."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from overstap.consent.services import give_consent, withdraw_consent
from overstap.dossiers.youthcare_services import decide_at_transition, record_youth_care
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
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


@pytest.fixture
def setting():
    school = OrganisationFactory(type=OrganisationType.VSO, name="VSO De Horizon")
    pupil = PupilFactory(given_names="Yara", family_name="Bakker", birth_date=TODAY.replace(year=TODAY.year - 17))
    EnrolmentFactory(pupil=pupil, organisation=school)
    zorg = MembershipFactory(organisation=school, role="zorgcoordinator")
    zorg.user.acting_membership = zorg
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    return school, pupil, zorg, own


def test_youth_care_needs_the_consent_of_the_pupil_from_16(setting):
    school, pupil, zorg, own = setting
    with pytest.raises(ValidationError) as error:
        record_youth_care(zorg.user, pupil, provider="Jeugd-GGZ Noord", care_type="jeugd_ggz", start_on=TODAY)
    assert "toestemming" in str(error.value.message_dict["provider"][0])
    consent = give_consent(own, pupil, "jeugdhulp", school)
    care = record_youth_care(zorg.user, pupil, provider="Jeugd-GGZ Noord", care_type="jeugd_ggz", start_on=TODAY)
    assert care.organisation == school
    # Withdrawn: the next request is refused.
    withdraw_consent(own, consent)
    with pytest.raises(ValidationError):
        decide_at_transition(zorg.user, care, moment="VO-MBO", decision="voortzetten")


def test_decisions_at_a_transition_and_at_18(setting):
    school, pupil, zorg, own = setting
    give_consent(own, pupil, "jeugdhulp", school)
    care = record_youth_care(zorg.user, pupil, provider="Wijkteam", care_type="wijkteam", start_on=TODAY)
    decide_at_transition(zorg.user, care, moment="VO-MBO", decision="voortzetten", note="Zelfde hulpverlener.")
    with pytest.raises(ValidationError) as error:
        decide_at_transition(zorg.user, care, moment="18+", decision="overdragen")
    assert "to_provider" in error.value.message_dict
    decide_at_transition(zorg.user, care, moment="18+", decision="overdragen", to_provider="Volwassenen-GGZ")
    assert [d.moment for d in care.decisions.all()] == ["VO-MBO", "18+"]
    young = PupilFactory(birth_date=TODAY - datetime.timedelta(days=12 * 365))
    EnrolmentFactory(pupil=young, organisation=school)
    give_consent(FamilyLinkFactory(pupil=young, relation=Relation.PARENT).user, young, "jeugdhulp", school)
    young_care = record_youth_care(zorg.user, young, provider="Wijkteam", care_type="wijkteam", start_on=TODAY)
    with pytest.raises(ValidationError) as error:
        decide_at_transition(zorg.user, young_care, moment="18+", decision="voortzetten")
    assert "moment" in error.value.message_dict


def test_the_family_sees_and_withdraws_consent_on_the_page(client, setting):
    # Consent is given by answering a school's question (transitions/tests/test_consent_asks.py); the page lists it.
    school, pupil, _zorg, own = setting
    give_consent(own, pupil, "jeugdhulp", school)
    log_in(client, own)
    assert client.post(f"/leerlingen/{pupil.pk}/toestemming/", {}).status_code == 405
    page = client.get(f"/leerlingen/{pupil.pk}/toestemming/").content.decode()
    assert "16 jaar of ouder" in page and "VSO De Horizon" in page
    consent = pupil.consents.get()
    client.post(f"/toestemming/{consent.pk}/intrekken/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_parent_of_a_pupil_over_16_cannot_decide(client, setting):
    school, pupil, _zorg, _own = setting
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    with pytest.raises(PermissionDenied):
        give_consent(parent, pupil, "jeugdhulp", school)
    log_in(client, parent)
    page = client.get(f"/leerlingen/{pupil.pk}/toestemming/").content.decode()
    assert "is 16 jaar of ouder en beslist zelf over toestemming" in page
    assert not pupil.consents.exists()


def test_the_privacy_officer_reviews_broken_confidentiality(client, setting):
    school, pupil, zorg, _own = setting
    privacy = MembershipFactory(organisation=school, role="privacy")
    log_in(client, zorg.user, zorg)
    client.post(f"/leerlingen/{pupil.pk}/geheimhouding-doorbreken/", {"reason": "kort"})
    client.post(
        f"/leerlingen/{pupil.pk}/geheimhouding-doorbreken/",
        {"reason": "Acute zorg over de veiligheid thuis; Veilig Thuis is ingeschakeld."},
    )
    assert client.get("/privacy/doorbrekingen/").status_code == 404
    log_in(client, privacy.user, privacy)
    page = client.get("/privacy/doorbrekingen/")
    assert page.status_code == 200 and "Veilig Thuis is ingeschakeld" in page.content.decode()
    event = page.context["events"][0]
    client.post(f"/privacy/doorbrekingen/{event.pk}/beoordeeld/")
    event.refresh_from_db()
    assert event.reviewed_at is not None


def test_leerplicht_never_sees_support_or_health_content_anywhere(client, setting):
    school, pupil, zorg, own = setting
    gemeente = OrganisationFactory(type=OrganisationType.GEMEENTE)
    pupil.municipality = gemeente
    pupil.save()
    give_consent(own, pupil, "jeugdhulp", school)
    record_youth_care(zorg.user, pupil, provider="Jeugd-GGZ Noord", care_type="jeugd_ggz", start_on=TODAY)
    from overstap.dossiers.services import EntryData, create_entry

    create_entry(zorg.user, pupil, EntryData("gezondheid", "Medicatie", "Gebruikt medicatie voor ADHD."))
    leerplicht = MembershipFactory(organisation=gemeente, role="leerplicht")
    log_in(client, leerplicht.user, leerplicht)
    assert client.get(f"/leerlingen/{pupil.pk}/").status_code == 200  # registration and place: yes
    for url in (
        f"/leerlingen/{pupil.pk}/dossier/",
        f"/leerlingen/{pupil.pk}/plannen/",
        f"/leerlingen/{pupil.pk}/jeugdhulp/",
        f"/leerlingen/{pupil.pk}/toestemming/",
        f"/leerlingen/{pupil.pk}/wie-keek-er/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/leerlingen/{pupil.pk}/", "/leerlingen/", f"/leerlingen/?q={pupil.family_name}", "/ondersteuning/"):
        html = client.get(url).content.decode()
        assert "ADHD" not in html and "Jeugd-GGZ" not in html and "Medicatie" not in html, url


def test_a_read_names_the_consent_that_holds_then_and_none_after_it_is_withdrawn(client, setting):
    from overstap.audit.models import Action, AuditEvent

    school, pupil, zorg, own = setting
    consent = give_consent(own, pupil, "jeugdhulp", school)
    care = record_youth_care(zorg.user, pupil, provider="Jeugd-GGZ Noord", care_type="jeugd_ggz", start_on=TODAY)
    written = AuditEvent.objects.get(action=Action.CREATE, object_type="dossiers.YouthCare")
    assert written.legal_basis == f"toestemming:{consent.pk}"
    log_in(client, zorg.user, zorg)
    response = client.get(f"/leerlingen/{pupil.pk}/jeugdhulp/")
    assert "Jeugd-GGZ Noord" in response.content.decode()
    read = AuditEvent.objects.get(action=Action.READ, request_id=response["X-Request-ID"])
    assert read.legal_basis == f"toestemming:{consent.pk}"
    assert read.detail["shown"] == {"dossiers.YouthCare": [care.pk]}

    withdraw_consent(own, consent)
    response = client.get(f"/leerlingen/{pupil.pk}/jeugdhulp/")
    assert "Jeugd-GGZ Noord" not in response.content.decode()
    read = AuditEvent.objects.get(action=Action.READ, request_id=response["X-Request-ID"])
    # Nothing is shown on the withdrawn consent, and the read does not claim it as its basis.
    assert read.legal_basis == "" and read.detail["shown"] == {"dossiers.YouthCare": []}

    # Consent given anew: the next read names the new consent, not the withdrawn one.
    again = give_consent(own, pupil, "jeugdhulp", school)
    response = client.get(f"/leerlingen/{pupil.pk}/jeugdhulp/")
    read = AuditEvent.objects.get(action=Action.READ, request_id=response["X-Request-ID"])
    assert read.legal_basis == f"toestemming:{again.pk}" and "Jeugd-GGZ Noord" in response.content.decode()
