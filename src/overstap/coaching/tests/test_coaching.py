"""The overstapcoach's part of a move: who assigns, who sees what, the log and the plan, and closing only once the
student is in class."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overstap.coaching import services, workflow
from overstap.coaching.models import Coaching, Status
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Pupil
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    log_in,
)
from overstap.transitions.models import Status as CaseStatus
from overstap.transitions.models import TransitionCase
from overstap.transitions.workflow import change_status, open_case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def acting(membership):
    membership.user.acting_membership = membership
    return membership


@pytest.fixture
def move():
    region = RegionFactory(sector=Sector.VO, code="VO 77-01")
    college = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    college.regions.add(region)
    roc = OrganisationFactory(type=OrganisationType.MBO, name="ROC Lindendal")
    swv = OrganisationFactory(type=OrganisationType.SWV_VO, name="SWV VO")
    swv.regions.add(region)
    pupil = PupilFactory(given_names="Noor", family_name="Leeuwen", birth_date=TODAY.replace(year=TODAY.year - 16))
    EnrolmentFactory(pupil=pupil, organisation=college, start_date=TODAY.replace(year=TODAY.year - 4))
    care = acting(MembershipFactory(organisation=college, role="zorgcoordinator"))
    coach = acting(MembershipFactory(organisation=college, role="overstapcoach"))
    case = open_case(care.user, pupil, roc, planned_on=TODAY + datetime.timedelta(days=120))
    case = change_status(care.user, case, CaseStatus.AANGEMELD)
    return {"college": college, "roc": roc, "swv": swv, "pupil": pupil, "care": care, "coach": coach, "case": case}


def test_the_sending_school_assigns_a_coach_who_then_sees_the_move_and_the_pupil_but_not_the_dossier(move):
    from overstap.authz.policy import can

    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    assert coaching.status == Status.ACTIVE and coaching.starts_on == TODAY
    coach = move["coach"].user
    assert list(TransitionCase.objects.for_user(coach, "view")) == [move["case"]]
    assert list(Pupil.objects.for_user(coach, "view")) == [move["pupil"]]
    assert not can(coach, "view_dossier", move["pupil"])
    assert not can(coach, "read_handover", move["case"])


def test_the_caseload_runs_until_six_months_after_the_move(move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    planned = move["case"].planned_on
    months = (coaching.ends_on.year - planned.year) * 12 + coaching.ends_on.month - planned.month
    assert months == 6 and coaching.ends_on.day <= planned.day


def test_only_a_coach_of_the_schools_the_region_or_the_municipality_can_be_assigned(move):
    stranger = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.VO), role="overstapcoach")
    with pytest.raises(ValidationError) as refused:
        services.assign_coach(move["care"].user, move["case"], stranger)
    assert "coach" in refused.value.message_dict
    not_a_coach = MembershipFactory(organisation=move["college"], role="mentor")
    with pytest.raises(ValidationError):
        services.assign_coach(move["care"].user, move["case"], not_a_coach)
    assert not Coaching.objects.exists()


def test_a_mentor_cannot_assign_a_coach(move):
    mentor = acting(MembershipFactory(organisation=move["college"], role="mentor"))
    with pytest.raises(PermissionDenied):
        services.assign_coach(mentor.user, move["case"], move["coach"])


def test_a_new_coach_takes_over_and_the_first_coaching_is_stopped_with_its_reason(move):
    first = services.assign_coach(move["care"].user, move["case"], move["coach"])
    other = acting(MembershipFactory(organisation=move["swv"], role="overstapcoach"))
    second = services.assign_coach(move["care"].user, move["case"], other)
    first.refresh_from_db()
    assert first.status == Status.STOPPED and first.closed_reason
    assert second.status == Status.ACTIVE
    assert not TransitionCase.objects.for_user(move["coach"].user, "view").exists()


def test_the_contact_log_refuses_a_future_date_and_a_next_date_before_the_contact(move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    coach = move["coach"].user
    with pytest.raises(ValidationError) as future:
        services.add_contact(coach, coaching, on=TODAY + datetime.timedelta(days=1), kind="gesprek", note="x")
    assert "on" in future.value.message_dict
    with pytest.raises(ValidationError) as before:
        services.add_contact(
            coach, coaching, on=TODAY, kind="gesprek", note="x", next_on=TODAY - datetime.timedelta(days=1)
        )
    assert "next_on" in before.value.message_dict
    assert not coaching.contacts.exists()
    services.add_contact(coach, coaching, on=TODAY, kind="gesprek", note="Kennismaking", next_on=TODAY)
    assert coaching.contacts.count() == 1


def test_only_the_coach_keeps_the_log_and_the_plan(move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    with pytest.raises(PermissionDenied):
        services.add_contact(move["care"].user, coaching, on=TODAY, kind="gesprek", note="x")
    with pytest.raises(PermissionDenied):
        services.add_goal(move["care"].user, coaching, text="Doel")


def test_the_coaching_closes_only_once_the_student_is_in_class(move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    coach = move["coach"].user
    services.hand_over(coach, coaching, mentor_name="Mevrouw De Vries", on=TODAY, note="Zit graag vooraan.")
    coaching.refresh_from_db()
    assert coaching.status == Status.HANDED_OVER
    with pytest.raises(ValidationError) as refused:
        services.close(coach, coaching)
    assert "in class" in str(refused.value) or "in de klas" in str(refused.value)
    TransitionCase.objects.filter(pk=move["case"].pk).update(status=CaseStatus.GESTART)
    services.close(coach, coaching)
    coaching.refresh_from_db()
    assert coaching.status == Status.CLOSED and coaching.closed_on == TODAY


@pytest.mark.parametrize("old", list(Status))
def test_every_step_outside_the_map_is_refused(move, old):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    TransitionCase.objects.filter(pk=move["case"].pk).update(status=CaseStatus.GESTART)
    for new in Status:
        Coaching.objects.filter(pk=coaching.pk).update(status=old)
        if new in workflow.ALLOWED[old]:
            assert workflow.change_status(move["coach"].user, coaching, new).status == new
        else:
            with pytest.raises(ValidationError):
                workflow.change_status(move["coach"].user, coaching, new)
            assert Coaching.objects.get(pk=coaching.pk).status == old


def test_every_status_is_reachable_from_the_start():
    seen, todo = {Status.ACTIVE}, [Status.ACTIVE]
    while todo:
        for nxt in workflow.ALLOWED[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(Status)


def test_the_caseload_page_lists_the_coachs_students_and_another_coach_gets_404(client, move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    log_in(client, move["coach"].user, move["coach"])
    page = client.get("/coaching/")
    assert page.status_code == 200 and "Noor" in page.content.decode()
    assert client.get(f"/coaching/{coaching.pk}/").status_code == 200
    other = MembershipFactory(organisation=move["college"], role="overstapcoach")
    log_in(client, other.user, other)
    assert client.get(f"/coaching/{coaching.pk}/").status_code == 404
    response = client.post(
        f"/coaching/{coaching.pk}/contact/",
        {"contact-on": TODAY.isoformat(), "contact-kind": "gesprek", "contact-note": "x"},
    )
    assert response.status_code == 404 and not coaching.contacts.exists()


def test_a_contact_recorded_on_the_page_shows_up_and_a_bad_date_names_its_field(client, move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    log_in(client, move["coach"].user, move["coach"])
    bad = client.post(
        f"/coaching/{coaching.pk}/contact/",
        {"contact-on": "31-02-2026", "contact-kind": "gesprek", "contact-note": "Gesprek"},
    )
    assert bad.status_code == 400 and "Datum" in bad.content.decode()
    good = client.post(
        f"/coaching/{coaching.pk}/contact/",
        {"contact-on": TODAY.isoformat(), "contact-kind": "gesprek", "contact-note": "Kennismaking op school"},
        follow=True,
    )
    assert "Kennismaking op school" in good.content.decode()


def test_the_case_page_shows_the_coach_and_lets_the_sending_school_assign_one(client, move):
    log_in(client, move["care"].user, move["care"])
    page = client.get(f"/overstappen/{move['case'].pk}/").content.decode()
    assert "Overstapcoach" in page and 'name="coach-coach"' in page
    client.post(f"/coaching/overstap/{move['case'].pk}/coach/", {"coach-coach": move["coach"].pk})
    assert Coaching.objects.get().coach == move["coach"]


def test_the_caseload_costs_the_same_number_of_queries_for_one_student_or_many(client, move):
    services.assign_coach(move["care"].user, move["case"], move["coach"])
    log_in(client, move["coach"].user, move["coach"])
    client.get("/coaching/")
    with CaptureQueriesContext(connection) as one:
        client.get("/coaching/")
    for _ in range(8):
        pupil = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - 16))
        EnrolmentFactory(pupil=pupil, organisation=move["college"], start_date=TODAY.replace(year=TODAY.year - 4))
        case = open_case(move["care"].user, pupil, move["roc"])
        services.assign_coach(move["care"].user, case, move["coach"])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/coaching/")
    assert len(response.context["rows"]) == 9
    assert len(many) == len(one)


def test_closing_on_the_page_asks_first_and_says_what_still_holds_it_up(client, move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    log_in(client, move["coach"].user, move["coach"])
    url = f"/coaching/{coaching.pk}/afronden/"
    assert f'href="{url}"' in client.get(f"/coaching/{coaching.pk}/").content.decode()
    # Not in class yet: the confirmation page says why, and has no button to close.
    early = client.get(url).content.decode()
    assert "Deze coaching afronden?" in early and "in de klas" in early and 'data-testid="confirm"' not in early
    TransitionCase.objects.filter(pk=move["case"].pk).update(status=CaseStatus.GESTART)
    page = client.get(url).content.decode()
    assert "niet ongedaan maken" in page and 'data-testid="confirm"' in page
    coaching.refresh_from_db()
    assert coaching.status == Status.ACTIVE  # looking at the confirmation changes nothing
    done = client.post(url, follow=True).content.decode()
    assert "De coaching is afgerond." in done
    coaching.refresh_from_db()
    assert coaching.status == Status.CLOSED


def test_stopping_shows_the_reason_on_the_confirmation_first(client, move):
    coaching = services.assign_coach(move["care"].user, move["case"], move["coach"])
    log_in(client, move["care"].user, move["care"])
    url = f"/coaching/{coaching.pk}/stoppen/"
    empty = client.post(url, {"stop-reason": ""})
    assert empty.status_code == 400 and "Reden: zeg waarom de coaching stopt." in empty.content.decode()
    reason = "De leerling verhuist naar een andere regio."
    confirm = client.post(url, {"stop-reason": reason}).content.decode()
    assert "Deze coaching stoppen?" in confirm and reason in confirm and 'name="confirmed"' in confirm
    coaching.refresh_from_db()
    assert coaching.status == Status.ACTIVE
    back = client.post(url, {"stop-reason": reason, "change": "1"}).content.decode()
    assert f"{reason}</textarea>" in back
    done = client.post(url, {"stop-reason": reason, "confirmed": "1"}, follow=True).content.decode()
    assert "De coaching is gestopt." in done
    coaching.refresh_from_db()
    assert (coaching.status, coaching.closed_reason) == (Status.STOPPED, reason)
