"""Consent: given by the right person, per category and recipient, withdrawable, effective on the next request."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.consent.models import BreakGlass
from overstap.consent.services import break_glass, decides_consent, give_consent, may_share, withdraw_consent
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)

pytestmark = pytest.mark.django_db
BIRTHDAY_16 = datetime.date(2026, 6, 15)


@pytest.fixture
def family():
    pupil = PupilFactory(birth_date=datetime.date(2010, 6, 15))
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    youth_care = OrganisationFactory(type=OrganisationType.JEUGDHULP, name="Wijkteam Noord")
    return pupil, parent, own, youth_care


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


@pytest.mark.parametrize(
    ("day", "decider"),
    [
        (BIRTHDAY_16 - datetime.timedelta(days=1), "wettelijk_vertegenwoordiger"),
        (BIRTHDAY_16, "leerling"),
        (BIRTHDAY_16 + datetime.timedelta(days=1), "leerling"),
    ],
)
def test_under_16_the_legal_representative_decides_and_from_the_16th_birthday_the_pupil(family, day, decider):
    pupil, parent, own, youth_care = family
    assert decides_consent(pupil, day) == decider
    right, wrong = (own, parent) if decider == "leerling" else (parent, own)
    with pytest.raises(PermissionDenied):
        give_consent(wrong, pupil, "jeugdhulp", youth_care, now=_at(day))
    consent = give_consent(right, pupil, "jeugdhulp", youth_care, now=_at(day))
    assert consent.given_as == decider


def test_a_carer_who_is_not_a_legal_representative_cannot_give_consent(family):
    pupil, _parent, _own, youth_care = family
    carer = FamilyLinkFactory(pupil=pupil, relation=Relation.CARER, legal_representative=False).user
    with pytest.raises(PermissionDenied):
        give_consent(carer, pupil, "jeugdhulp", youth_care, now=_at(datetime.date(2025, 1, 1)))


def test_consent_is_per_category_and_per_recipient(family):
    pupil, parent, _own, youth_care = family
    other = OrganisationFactory(type=OrganisationType.JEUGDHULP)
    give_consent(parent, pupil, "jeugdhulp", youth_care, now=_at(datetime.date(2025, 1, 1)))
    later = _at(datetime.date(2025, 2, 1))
    assert may_share(pupil, "jeugdhulp", youth_care, at=later)[0]
    assert not may_share(pupil, "thuissituatie", youth_care, at=later)[0]
    assert not may_share(pupil, "jeugdhulp", other, at=later)[0]


def test_a_withdrawal_applies_from_the_next_request(family):
    pupil, parent, _own, youth_care = family
    consent = give_consent(parent, pupil, "zat_mdo", youth_care, now=_at(datetime.date(2025, 1, 1)))
    assert may_share(pupil, "zat_mdo", youth_care, at=_at(datetime.date(2025, 3, 1)))[0]
    withdraw_consent(parent, consent, now=_at(datetime.date(2025, 3, 2)))
    assert not may_share(pupil, "zat_mdo", youth_care, at=_at(datetime.date(2025, 3, 3)))[0]
    # What was shared before the withdrawal stays lawful: the record shows it was valid then.
    assert may_share(pupil, "zat_mdo", youth_care, at=_at(datetime.date(2025, 3, 1)))[0]
    changes = AuditEvent.objects.filter(action=Action.CONSENT_CHANGE, pupil_id=pupil.pk)
    assert changes.count() == 2


def test_consent_cannot_open_what_is_never_shared(family):
    pupil, parent, _own, _youth_care = family
    swv = OrganisationFactory(type=OrganisationType.SWV_PO)
    with pytest.raises(ValidationError):
        give_consent(parent, pupil, "bsn", swv, now=_at(datetime.date(2025, 1, 1)))
    with pytest.raises(ValidationError):
        give_consent(parent, pupil, "nationaliteit", swv, now=_at(datetime.date(2025, 1, 1)))


def test_a_legal_duty_needs_no_consent_and_leerplicht_never_gets_support_content(family):
    pupil, _parent, _own, _youth_care = family
    vo = OrganisationFactory(type=OrganisationType.VO)
    gemeente = OrganisationFactory(type=OrganisationType.GEMEENTE)
    allowed, decision, consent = may_share(pupil, "ondersteuningsbehoeften", vo, transition="PO-VO")
    assert allowed and decision.basis == "wettelijke_plicht" and consent is None
    assert may_share(pupil, "inschrijving", gemeente, role="leerplicht")[0]
    assert not may_share(pupil, "ondersteuningsbehoeften", gemeente, role="leerplicht")[0]


def test_breaking_confidentiality_needs_a_written_reason_and_is_flagged(family):
    pupil, _parent, _own, _youth_care = family
    school = OrganisationFactory(type=OrganisationType.BAO)
    ib = MembershipFactory(organisation=school, role="ib")
    privacy = MembershipFactory(organisation=school, role="privacy")
    with pytest.raises(ValidationError) as error:
        break_glass(ib.user, ib, pupil, "zorgen")
    assert "reason" in error.value.message_dict
    event = break_glass(ib.user, ib, pupil, "Signalen van huiselijk geweld; Veilig Thuis vraagt om informatie.")
    audit = AuditEvent.objects.get(pupil_id=pupil.pk, legal_basis__startswith="doorbreking")
    assert audit.detail["flagged_for_review"] and audit.detail["break_glass"] == event.pk
    assert list(BreakGlass.objects.for_user(privacy.user, "review")) == [event]
    assert not BreakGlass.objects.for_user(ib.user, "review").exists()


def test_withdrawing_on_the_page_goes_through_the_confirmation_page(client):
    pupil = PupilFactory(birth_date=timezone.localdate().replace(year=timezone.localdate().year - 12))
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    carer = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=False).user
    youth_care = OrganisationFactory(type=OrganisationType.JEUGDHULP, name="Wijkteam Noord")
    consent = give_consent(parent, pupil, "zat_mdo", youth_care)
    url = f"/toestemming/{consent.pk}/intrekken/"
    log_in(client, carer)
    assert client.get(url).status_code == 404  # only the one who decides on consent is asked to confirm
    log_in(client, parent)
    assert f'href="{url}"' in client.get(f"/leerlingen/{pupil.pk}/toestemming/").content.decode()
    page = client.get(url).content.decode()
    assert "Deze toestemming intrekken?" in page and "Wijkteam Noord" in page and "niet ongedaan maken" in page
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    done = client.post(url, follow=True).content.decode()
    assert "De toestemming is ingetrokken." in done
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
