"""No lost writes on a transition case: twenty people of the sending school choose a receiving school at the same
moment, all from the case's version they opened. On PostgreSQL, with a connection each, exactly one choice lands;
the other nineteen are told someone else changed the case, and the winner's school stays."""

import pytest
from django.db import connection
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType
from overstap.testing.concurrency import race
from overstap.testing.factories import MembershipFactory, OrganisationFactory
from overstap.transitions.cases import change_receiver
from overstap.transitions.models import TransitionCase
from overstap.transitions.workflow import CaseConflict, open_case

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite lets one connection write at a time, so writers cannot race there",
    ),
    pytest.mark.django_db(transaction=True),
]
WRITERS = 20


def test_twenty_writers_of_one_case_one_lands_nineteen_conflict(world):
    people = [MembershipFactory(organisation=world["school"], role="ib") for _ in range(WRITERS)]
    schools = [OrganisationFactory(type=OrganisationType.VO, name=f"College {i}") for i in range(WRITERS)]
    case = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=timezone.localdate())
    seen = case.version

    def writer(i):
        return lambda: change_receiver(
            people[i].user,
            TransitionCase.objects.get(pk=case.pk),
            schools[i],
            seen_receiver_id=world["vo"].pk,
            expected_version=seen,
        )

    outcome = race([writer(i) for i in range(WRITERS)], CaseConflict)

    assert outcome.errors == []
    assert (len(outcome.won), len(outcome.conflicts)) == (1, WRITERS - 1)
    winner = outcome.winner
    case.refresh_from_db()
    assert case.to_organisation == schools[winner]
    assert case.version == seen + 1
    # Every loser learnt of the winner's school, to look at before choosing again.
    assert {error.current.to_organisation_id for _, error in outcome.conflicts} == {schools[winner].pk}
    update = AuditEvent.objects.get(
        object_type="transitions.TransitionCase", object_id=str(case.pk), action=Action.UPDATE
    )
    assert update.actor_id == people[winner].user.pk
    assert update.detail == {"to_organisation": [world["vo"].pk, schools[winner].pk]}
    print(f"\ncase: {WRITERS} writers, 1 saved, {len(outcome.conflicts)} conflicts, {outcome.seconds:.2f} s")
