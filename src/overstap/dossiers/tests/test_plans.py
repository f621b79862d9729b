"""OPP with goals, intermediate goals and evaluation dates; the integral plan of approach."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from overstap.dossiers.models import Opp
from overstap.dossiers.plan_services import create_integral_plan, create_opp, record_evaluation
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
def so_school():
    school = OrganisationFactory(type=OrganisationType.SO, name="SO Het Kompas")
    pupil = PupilFactory(given_names="Lotte", family_name="de Graaf")
    EnrolmentFactory(pupil=pupil, organisation=school)
    return school, pupil, MembershipFactory(organisation=school, role="ib")


def test_an_opp_with_goals_intermediate_goals_and_evaluations(so_school):
    _school, pupil, ib = so_school
    opp = create_opp(
        ib.user,
        pupil,
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-basis",
        approach="Kleine stappen.",
        goals=[
            {
                "area": "Lezen",
                "goal": "AVI E5",
                "intermediate_goals": "- AVI M5\n- AVI E5",
                "target_date": TODAY + datetime.timedelta(days=300),
            }
        ],
        evaluations=[TODAY + datetime.timedelta(days=90), TODAY + datetime.timedelta(days=270)],
    )
    assert opp.goals.get().intermediate_list == ["AVI M5", "AVI E5"]
    first = opp.evaluations.first()
    with pytest.raises(ValidationError):
        record_evaluation(ib.user, first, "")
    record_evaluation(ib.user, first, "Lezen gaat vooruit; M5 gehaald.")
    first.refresh_from_db()
    assert first.held_on == TODAY and first.outcome.startswith("Lezen")


def test_an_opp_needs_a_goal_and_an_evaluation(so_school):
    _school, pupil, ib = so_school
    with pytest.raises(ValidationError) as error:
        create_opp(ib.user, pupil, exit_profile="arbeid", exit_level="", approach="", goals=[], evaluations=[])
    assert {"goals", "first_evaluation", "exit_level", "approach"} <= set(error.value.message_dict)


def test_the_plan_of_approach_covers_child_family_and_teacher(so_school):
    _school, pupil, ib = so_school
    plan = create_integral_plan(
        ib.user,
        pupil,
        coordinator="Karin Vos (wijkteam)",
        evaluation_on=TODAY + datetime.timedelta(days=60),
        actions=[
            {
                "for_whom": "kind",
                "what": "Sociale vaardigheidstraining",
                "delivered_by": "Jeugdhulp",
                "start_on": TODAY,
            },
            {"for_whom": "gezin", "what": "Opvoedondersteuning", "delivered_by": "Wijkteam", "start_on": TODAY},
            {"for_whom": "leerkracht", "what": "Coaching in de klas", "delivered_by": "SWV", "start_on": TODAY},
        ],
    )
    assert sorted(plan.actions.values_list("for_whom", flat=True)) == ["gezin", "kind", "leerkracht"]
    with pytest.raises(ValidationError) as error:
        create_integral_plan(
            ib.user,
            pupil,
            coordinator="X",
            evaluation_on=TODAY,
            actions=[{"for_whom": "", "what": "Iets", "delivered_by": "", "start_on": None}],
        )
    assert "Regel 1" in error.value.message_dict["actions"][0]


def test_only_the_schools_dossier_owners_write_plans_and_the_family_reads_them(client, so_school):
    school, pupil, ib = so_school
    mentor = MembershipFactory(organisation=school, role="mentor")
    with pytest.raises(PermissionDenied):
        create_opp(
            mentor.user,
            pupil,
            exit_profile="arbeid",
            exit_level="PrO",
            approach="x",
            goals=[{"goal": "x"}],
            evaluations=[TODAY],
        )
    create_opp(
        ib.user,
        pupil,
        exit_profile="arbeid",
        exit_level="PrO",
        approach="Stage.",
        goals=[{"goal": "Werken"}],
        evaluations=[TODAY],
    )
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    log_in(client, parent)
    assert "Stage." in client.get(f"/leerlingen/{pupil.pk}/plannen/").content.decode()
    assert client.get(f"/leerlingen/{pupil.pk}/opp/nieuw/").status_code == 404


def test_the_opp_form_names_the_missing_fields(client, so_school):
    _school, pupil, ib = so_school
    log_in(client, ib.user, ib)
    data = {
        "exit_profile": "arbeid",
        "exit_level": "",
        "approach": "",
        "first_evaluation": "",
        "doel-TOTAL_FORMS": "3",
        "doel-INITIAL_FORMS": "0",
        "doel-MIN_NUM_FORMS": "0",
        "doel-MAX_NUM_FORMS": "10",
    }
    response = client.post(f"/leerlingen/{pupil.pk}/opp/nieuw/", data)
    assert response.status_code == 200 and not Opp.objects.exists()
    data.update({"exit_level": "PrO", "approach": "Stages.", "first_evaluation": TODAY.isoformat()})
    response = client.post(f"/leerlingen/{pupil.pk}/opp/nieuw/", data)
    assert "Doelen:" in response.content.decode()
    data.update({"doel-0-area": "Werk", "doel-0-goal": "Zelfstandig een stage volgen"})
    assert client.post(f"/leerlingen/{pupil.pk}/opp/nieuw/", data).status_code == 302
    assert Opp.objects.get().goals.get().area == "Werk"
