"""OPP and plan of approach are maintained: edits are new versions, a second person saving at once is refused
with a clear message and nothing lost, dates are checked, and free text has a limit named in Dutch."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from overstap.dossiers.models import IntegralPlan, Opp, PlanVersion
from overstap.dossiers.plan_services import (
    MAX_APPROACH,
    create_integral_plan,
    create_opp,
    record_evaluation,
    update_integral_plan,
    update_opp,
)
from overstap.dossiers.services import EditConflict
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory, log_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=30)
LATER = TODAY + datetime.timedelta(days=120)
GOALS = [{"area": "Lezen", "goal": "AVI E5"}]


@pytest.fixture
def school():
    school = OrganisationFactory(type=OrganisationType.SO, name="SO Het Kompas")
    pupil = PupilFactory(given_names="Lotte", family_name="de Graaf")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    zc = MembershipFactory(organisation=school, role="zorgcoordinator")
    return {"school": school, "pupil": pupil, "ib": ib, "zc": zc}


def _opp(world, **overrides):
    arguments = {
        "exit_profile": "vervolgonderwijs",
        "exit_level": "vmbo-basis",
        "approach": "Kleine stappen.",
        "goals": GOALS,
        "evaluations": [SOON],
        **overrides,
    }
    return create_opp(world["ib"].user, world["pupil"], **arguments)


def _fields(**overrides):
    return {
        "exit_profile": "vervolgonderwijs",
        "exit_level": "vmbo-basis",
        "approach": "Kleine stappen, met een maatje.",
        "goals": GOALS,
        "evaluations": [SOON, LATER],
        **overrides,
    }


def test_an_edit_is_a_new_version_and_the_old_one_stays(school):
    opp = _opp(school)
    updated = update_opp(school["zc"].user, opp, expected_version=1, **_fields())
    assert updated.version == 2 and updated.approach == "Kleine stappen, met een maatje."
    assert [e.planned_on for e in updated.evaluations.all()] == [SOON, LATER]
    versions = {v.version: v.snapshot for v in PlanVersion.objects.filter(opp=opp)}
    assert versions[1]["approach"] == "Kleine stappen." and versions[2]["approach"].endswith("maatje.")


def test_the_second_of_two_people_saving_at_once_is_refused_and_nothing_is_lost(school):
    opp = _opp(school)
    update_opp(school["zc"].user, opp, expected_version=1, **_fields(approach="Eerst opgeslagen."))
    with pytest.raises(EditConflict):
        update_opp(school["ib"].user, opp, expected_version=1, **_fields(approach="Later, op een oude versie."))
    opp.refresh_from_db()
    assert opp.approach == "Eerst opgeslagen." and opp.version == 2


def test_an_outcome_recorded_meanwhile_makes_an_open_edit_stale(school):
    opp = _opp(school)
    record_evaluation(school["zc"].user, opp.evaluations.get(), "Gaat goed.")
    with pytest.raises(EditConflict):
        update_opp(school["ib"].user, opp, expected_version=1, **_fields())
    # The held evaluation stays when the OPP is edited; the next one must come after it.
    current = Opp.objects.get(pk=opp.pk)
    with pytest.raises(ValidationError) as error:
        update_opp(school["ib"].user, current, expected_version=current.version, **_fields(evaluations=[SOON, SOON]))
    assert "second_evaluation" in error.value.message_dict
    update_opp(school["ib"].user, current, expected_version=current.version, **_fields(evaluations=[LATER]))
    assert [(e.planned_on, e.outcome) for e in current.evaluations.all()] == [(SOON, "Gaat goed."), (LATER, "")]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"evaluations": [LATER, SOON]}, "second_evaluation", "Tweede evaluatie: plan deze na de eerste evaluatie."),
        (
            {"evaluations": [TODAY - datetime.timedelta(days=1)]},
            "first_evaluation",
            "Eerste evaluatie: een geplande evaluatie kan niet in het verleden liggen.",
        ),
        (
            {"parents_discussed_on": TODAY.replace(year=TODAY.year + 3)},
            "parents_discussed_on",
            "Besproken met de ouders op: dit gesprek kan niet in de toekomst liggen",
        ),
        ({"approach": "x" * (MAX_APPROACH + 1)}, "approach", "Aanpak: schrijf hooguit 5000 tekens (nu 5001)."),
        ({"goals": [{"area": "Lezen", "goal": "y" * 2001}]}, "goals", "Doel 1, doel: schrijf hooguit 2000 tekens."),
    ],
)
def test_dates_and_lengths_are_checked_with_a_dutch_message_naming_the_field(school, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        _opp(school, **overrides)
    assert any(m.startswith(message) for m in error.value.message_dict[field])
    opp = _opp(school)
    with pytest.raises(ValidationError):
        update_opp(school["ib"].user, opp, expected_version=1, **_fields(**overrides))
    opp.refresh_from_db()
    assert opp.version == 1 and opp.approach == "Kleine stappen."


def test_a_discussion_with_the_parents_today_or_earlier_is_accepted(school):
    assert _opp(school, parents_discussed_on=TODAY).parents_discussed_on == TODAY


def _plan(school):
    return create_integral_plan(
        school["ib"].user,
        school["pupil"],
        coordinator="Juf Anna",
        evaluation_on=SOON,
        actions=[{"for_whom": "kind", "what": "Maatje", "delivered_by": "School", "start_on": TODAY}],
    )


def test_the_plan_of_approach_is_edited_with_versions_and_checked_dates(school):
    plan = _plan(school)
    line = {"for_whom": "gezin", "what": "Opvoedsteun", "delivered_by": "Wijkteam", "start_on": TODAY}
    with pytest.raises(ValidationError) as error:
        update_integral_plan(
            school["zc"].user,
            plan,
            expected_version=1,
            coordinator="Juf Anna",
            evaluation_on=TODAY - datetime.timedelta(days=2),
            actions=[{**line, "end_on": TODAY - datetime.timedelta(days=1)}],
        )
    assert set(error.value.message_dict) == {"evaluation_on", "actions"}
    updated = update_integral_plan(
        school["zc"].user, plan, expected_version=1, coordinator="Meneer Okan", evaluation_on=LATER, actions=[line]
    )
    assert updated.version == 2 and [a.what for a in updated.actions.all()] == ["Opvoedsteun"]
    with pytest.raises(EditConflict):
        update_integral_plan(
            school["ib"].user, plan, expected_version=1, coordinator="Oud", evaluation_on=LATER, actions=[line]
        )
    assert IntegralPlan.objects.get(pk=plan.pk).coordinator == "Meneer Okan"
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_the_edit_page_keeps_the_second_persons_text_and_says_why(client, school):
    opp = _opp(school)
    update_opp(school["zc"].user, opp, expected_version=1, **_fields(approach="Eerst opgeslagen."))
    log_in(client, school["ib"].user, school["ib"])
    response = client.post(
        f"/opp/{opp.pk}/bewerken/",
        {
            "exit_profile": "vervolgonderwijs",
            "exit_level": "vmbo-basis",
            "approach": "Mijn eigen aanvulling.",
            "first_evaluation": SOON.isoformat(),
            "version": "1",
            "doel-TOTAL_FORMS": "3",
            "doel-INITIAL_FORMS": "0",
            "doel-0-area": "Lezen",
            "doel-0-goal": "AVI E5",
        },
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Iemand anders heeft dit plan opgeslagen" in text and "Mijn eigen aanvulling." in text
    assert 'name="version" value="2"' in text
    assert Opp.objects.get(pk=opp.pk).approach == "Eerst opgeslagen."


def test_saving_the_edit_page_unchanged_keeps_the_goals(client, school):
    opp = _opp(school)
    log_in(client, school["ib"].user, school["ib"])
    page = client.get(f"/opp/{opp.pk}/bewerken/").content.decode()
    assert 'name="doel-INITIAL_FORMS" value="1"' in page and "AVI E5" in page
    response = client.post(
        f"/opp/{opp.pk}/bewerken/",
        {
            "exit_profile": "vervolgonderwijs",
            "exit_level": "vmbo-basis",
            "approach": "Kleine stappen.",
            "first_evaluation": SOON.isoformat(),
            "version": "1",
            "doel-TOTAL_FORMS": "4",
            "doel-INITIAL_FORMS": "1",
            "doel-0-area": "Lezen",
            "doel-0-goal": "AVI E5",
        },
    )
    assert response.status_code == 302
    opp.refresh_from_db()
    assert opp.version == 2 and [g.goal for g in opp.goals.all()] == ["AVI E5"]
