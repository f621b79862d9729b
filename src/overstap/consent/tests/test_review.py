"""The privacy officer's review of a break of confidentiality is recorded once, also when two officers press
"reviewed" at the same moment: the second is told it was already done, and the audit trail has one event."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from overstap.audit.models import Action, AuditEvent
from overstap.consent.models import BreakGlass
from overstap.consent.services import break_glass, review_break_glass
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import MembershipFactory, OrganisationFactory, PupilFactory, log_in

REASON = "Signalen van huiselijk geweld; Veilig Thuis vraagt om informatie."


def _setting():
    school = OrganisationFactory(type=OrganisationType.BAO)
    ib = MembershipFactory(organisation=school, role="ib")
    first, second = (MembershipFactory(organisation=school, role="privacy") for _ in range(2))
    event = break_glass(ib.user, ib, PupilFactory(), REASON)
    return event, first.user, second.user, ib.user


def _reviews(event):
    return AuditEvent.objects.filter(
        action=Action.STATUS_CHANGE, object_type="consent.BreakGlass", object_id=str(event.pk)
    )


@pytest.mark.django_db
def test_a_second_review_is_refused_with_a_message_and_audited_once():
    event, first, second, _ib = _setting()
    review_break_glass(first, event)
    with pytest.raises(ValidationError) as error:
        review_break_glass(second, BreakGlass.objects.get(pk=event.pk))
    assert error.value.message_dict["reviewed"][0].startswith(f"Beoordeling: {first} heeft dit al beoordeeld op ")
    event.refresh_from_db()
    assert event.reviewed_by_name == str(first)
    assert _reviews(event).count() == 1


@pytest.mark.django_db
def test_a_review_from_a_page_opened_before_the_first_review_changes_nothing():
    """Both officers loaded the event while it was open; the object the second holds still says unreviewed."""
    event, first, second, _ib = _setting()
    stale = BreakGlass.objects.get(pk=event.pk)
    review_break_glass(first, event)
    with pytest.raises(ValidationError):
        review_break_glass(second, stale)
    assert _reviews(event).count() == 1


@pytest.mark.django_db
def test_only_a_privacy_officer_of_the_organisation_reviews():
    event, _first, _second, ib = _setting()
    with pytest.raises(PermissionDenied):
        review_break_glass(ib, event)
    other = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="privacy")
    with pytest.raises(PermissionDenied):
        review_break_glass(other.user, event)
    assert not _reviews(event).exists()


@pytest.mark.django_db
def test_the_second_officer_reads_that_it_was_already_reviewed(client):
    event, first, second, _ib = _setting()
    review_break_glass(first, event)
    membership = second.memberships.get()
    log_in(client, second, membership)
    page = client.post(f"/privacy/doorbrekingen/{event.pk}/beoordeeld/", follow=True).content.decode()
    assert "heeft dit al beoordeeld" in page
    assert _reviews(event).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need a database server")
@pytest.mark.django_db(transaction=True)
def test_two_officers_at_the_same_moment_record_one_review():
    event, first, second, _ib = _setting()
    start = threading.Barrier(2)
    outcomes = []

    def review(user):
        try:
            held = BreakGlass.objects.get(pk=event.pk)  # both read the event while it is unreviewed
            start.wait(timeout=10)
            review_break_glass(user, held)
            outcomes.append("recorded")
        except ValidationError:
            outcomes.append("already reviewed")
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already reviewed", "recorded"]
    assert _reviews(event).count() == 1
