"""No lost writes in the dossier: twenty people save the same dossier entry (or the same OPP) at the same moment,
all from the version they opened. On PostgreSQL, with a connection each, exactly one save lands; the other
nineteen are told someone else saved first, and nothing of theirs or of the winner's is lost or overwritten."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.dossiers.correction_services import answer_correction, ask_correction
from overstap.dossiers.models import CorrectionRequest, CorrectionStatus, Entry, EntryVersion, Opp, PlanVersion
from overstap.dossiers.plan_services import create_opp, update_opp
from overstap.dossiers.services import EditConflict, EntryData, create_entry, update_entry
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.testing.concurrency import race
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite lets one connection write at a time, so writers cannot race there",
    ),
    pytest.mark.django_db(transaction=True),
]
WRITERS = 20
TODAY = timezone.localdate()
GOALS = [{"area": "Lezen", "goal": "AVI E5"}]


@pytest.fixture
def school():
    """A school with one pupil and twenty people who may all maintain the pupil's dossier and plans."""
    school = OrganisationFactory(type=OrganisationType.SO, name="SO Het Kompas")
    pupil = PupilFactory(given_names="Lotte", family_name="de Graaf")
    EnrolmentFactory(pupil=pupil, organisation=school)
    people = [MembershipFactory(organisation=school, role="ib" if i % 2 else "zorgcoordinator") for i in range(WRITERS)]
    return {"school": school, "pupil": pupil, "people": people}


def _updates(obj) -> AuditEvent:
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action=Action.UPDATE)


def test_twenty_writers_of_one_entry_one_lands_nineteen_conflict(school):
    people = school["people"]
    entry = create_entry(
        people[0].user,
        school["pupil"],
        EntryData(category="ondersteuningsbehoeften", title="Rekenen", text="Eerste versie."),
    )
    seen = entry.version

    def writer(i):
        data = EntryData(category=entry.category, title="Rekenen", text=f"Versie van schrijver {i}.")
        return lambda: update_entry(people[i].user, Entry.objects.get(pk=entry.pk), data, seen)

    outcome = race([writer(i) for i in range(WRITERS)], EditConflict)

    assert outcome.errors == []
    assert (len(outcome.won), len(outcome.conflicts)) == (1, WRITERS - 1)
    winner = outcome.winner
    entry.refresh_from_db()
    assert entry.text == f"Versie van schrijver {winner}."
    assert entry.version == seen + 1
    # The history holds the first version and the winner's, nothing else.
    assert list(EntryVersion.objects.filter(entry=entry).order_by("version").values_list("version", "text")) == [
        (1, "Eerste versie."),
        (2, f"Versie van schrijver {winner}."),
    ]
    # Every loser was shown the winner's text to compare with.
    assert {error.current.text for _, error in outcome.conflicts} == {f"Versie van schrijver {winner}."}
    update = _updates(entry).get()
    assert (update.actor_id, update.detail) == (people[winner].user.pk, {"version": seen + 1})
    print(f"\nentry: {WRITERS} writers, 1 saved, {len(outcome.conflicts)} conflicts, {outcome.seconds:.2f} s")


def test_twenty_writers_of_one_opp_one_lands_nineteen_conflict(school):
    people = school["people"]
    soon, later = TODAY + datetime.timedelta(days=30), TODAY + datetime.timedelta(days=120)
    opp = create_opp(
        people[0].user,
        school["pupil"],
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-basis",
        approach="Kleine stappen.",
        goals=GOALS,
        evaluations=[soon],
    )
    seen = opp.version

    def writer(i):
        return lambda: update_opp(
            people[i].user,
            Opp.objects.get(pk=opp.pk),
            expected_version=seen,
            exit_profile="vervolgonderwijs",
            exit_level="vmbo-basis",
            approach=f"Aanpak van schrijver {i}.",
            goals=[{"area": "Lezen", "goal": f"Doel van schrijver {i}"}],
            evaluations=[soon, later],
        )

    outcome = race([writer(i) for i in range(WRITERS)], EditConflict)

    assert outcome.errors == []
    assert (len(outcome.won), len(outcome.conflicts)) == (1, WRITERS - 1)
    winner = outcome.winner
    opp.refresh_from_db()
    assert opp.approach == f"Aanpak van schrijver {winner}."
    assert [g.goal for g in opp.goals.all()] == [f"Doel van schrijver {winner}"]
    assert opp.version == seen + 1
    assert list(PlanVersion.objects.filter(opp=opp).order_by("version").values_list("version", flat=True)) == [1, 2]
    update = _updates(opp).get()
    assert (update.actor_id, update.detail) == (people[winner].user.pk, {"version": seen + 1})
    print(f"\nOPP: {WRITERS} writers, 1 saved, {len(outcome.conflicts)} conflicts, {outcome.seconds:.2f} s")


def test_twenty_answers_to_one_correction_request_one_correction_lands(school):
    """An entry is not only edited in place: the family may ask to correct it, and the school answers with a new
    text. Twenty answers at once (all opened on the same version of the entry) are twenty corrections of one stale
    entry: exactly one becomes the entry's next version and the request's answer; the others change nothing."""
    people = school["people"]
    pupil = school["pupil"]
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    entry = create_entry(
        people[0].user, pupil, EntryData(category="ondersteuningsbehoeften", title="Structuur", text="Altijd.")
    )
    correction = ask_correction(
        parent, entry, kind="verbeteren", what_is_wrong="Niet altijd.", should_say="Alleen 's ochtends."
    )
    seen = entry.version

    def writer(i):
        return lambda: answer_correction(
            people[i].user,
            CorrectionRequest.objects.select_related("entry").get(pk=correction.pk),
            CorrectionStatus.CORRECTED,
            text=f"Correctie van schrijver {i}.",
            expected_version=seen,
        )

    outcome = race([writer(i) for i in range(WRITERS)], EditConflict)

    assert outcome.errors == []
    assert (len(outcome.won), len(outcome.conflicts)) == (1, WRITERS - 1)
    winner = outcome.winner
    entry.refresh_from_db()
    correction.refresh_from_db()
    assert entry.text == f"Correctie van schrijver {winner}."
    assert entry.version == seen + 1
    assert EntryVersion.objects.filter(entry=entry).count() == 2
    assert (correction.status, correction.answered_version) == (CorrectionStatus.CORRECTED, seen + 1)
    assert correction.answered_by_name == str(people[winner].user)
    update = _updates(entry).get()
    assert update.actor_id == people[winner].user.pk
    print(f"\ncorrection: {WRITERS} writers, 1 saved, {len(outcome.conflicts)} conflicts, {outcome.seconds:.2f} s")
