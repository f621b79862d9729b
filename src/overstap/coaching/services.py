"""Writes of the coaching: assigning a coach, the contact log, the plan, the handover to the mentor, closing."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can

from . import workflow
from .models import OPEN_STATUSES, Coaching, Contact, PlanGoal, Status
from .selectors import assignable_coaches

# The caseload runs from six months before to six months after the move.
WINDOW_MONTHS = 6


def _months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window_for(case, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From the day the coach is assigned (schools do so at the latest six months before the move, so the coach
    is there for the last half year of the old school) to six months after the move."""
    return today, _months(case.planned_on or today, WINDOW_MONTHS)


def assign_coach(user, case, coach, *, request=None) -> Coaching:
    """Assigns the coach; a coach who had the case before is stopped in the same transaction."""
    if not can(user, "assign_coach", case):
        raise PermissionDenied
    if coach is None or coach.pk not in {m.pk for m in assignable_coaches(case)}:
        message = _("Coach: choose an overstapcoach of the schools, the samenwerkingsverband or the municipality.")
        raise ValidationError({"coach": message})
    actor = actor_for(user)
    today = timezone.localdate()
    starts_on, ends_on = window_for(case, today)
    with transaction.atomic():
        for previous in Coaching.objects.select_for_update().filter(case=case, status__in=OPEN_STATUSES):
            if previous.coach_id == coach.pk:
                raise ValidationError({"coach": _("Coach: this coach already coaches this move.")})
            workflow.change_status(
                user, previous, Status.STOPPED, request=request, closed_reason=_("Another coach took over.")
            )
        coaching = Coaching.objects.create(
            case=case,
            coach=coach,
            assigned_by_name=str(user),
            assigned_by_organisation=actor.organisation,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        record(user, Action.CREATE, coaching, pupil_id=case.pupil_id, request=request, detail={"coach": coach.pk})
    return coaching


def _check_dates(on: datetime.date | None, next_on: datetime.date | None) -> None:
    errors = {}
    if on is not None and on > timezone.localdate():
        errors["on"] = _("Date: a contact that took place cannot be in the future.")
    if on is not None and next_on is not None and next_on < on:
        errors["next_on"] = _("Next contact: choose a date on or after the contact.")
    if errors:
        raise ValidationError(errors)


def add_contact(user, coaching: Coaching, *, on, kind: str, note: str, next_on=None, request=None) -> Contact:
    if not can(user, "coach", coaching):
        raise PermissionDenied
    _check_dates(on, next_on)
    if not (note or "").strip():
        raise ValidationError({"note": _("What was discussed: write down what was discussed and agreed.")})
    with transaction.atomic():
        contact = Contact.objects.create(
            coaching=coaching, on=on, kind=kind, note=note.strip(), next_on=next_on, by_name=str(user)
        )
        record(user, Action.CREATE, contact, pupil_id=coaching.case.pupil_id, request=request)
    return contact


def add_goal(user, coaching: Coaching, *, text: str, due_on=None, request=None) -> PlanGoal:
    if not can(user, "coach", coaching):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Goal: write the goal in the student's own words.")})
    with transaction.atomic():
        goal = PlanGoal.objects.create(coaching=coaching, text=text.strip(), due_on=due_on, by_name=str(user))
        record(user, Action.CREATE, goal, pupil_id=coaching.case.pupil_id, request=request)
    return goal


def reach_goal(user, goal: PlanGoal, *, request=None) -> bool:
    """Marks the goal reached today; a second click changes nothing."""
    if not can(user, "coach", goal.coaching):
        raise PermissionDenied
    with transaction.atomic():
        updated = PlanGoal.objects.filter(pk=goal.pk, done_on__isnull=True).update(done_on=timezone.localdate())
        if updated:
            record(user, Action.UPDATE, goal, pupil_id=goal.coaching.case.pupil_id, request=request)
    return bool(updated)


def hand_over(user, coaching: Coaching, *, mentor_name: str, on, note: str, request=None) -> Coaching:
    """The coach hands over to the mentor at the new school; the coaching stays open until the student is in
    class."""
    if not can(user, "coach", coaching):
        raise PermissionDenied
    errors = {}
    if not (mentor_name or "").strip():
        errors["mentor_name"] = _("New mentor: name the mentor at the new school.")
    if on is not None and on > timezone.localdate():
        errors["on"] = _("Handed over on: the date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return workflow.change_status(
        user,
        coaching,
        Status.HANDED_OVER,
        request=request,
        mentor_name=mentor_name.strip(),
        handed_over_on=on or timezone.localdate(),
        handover_note=(note or "").strip(),
    )


def close(user, coaching: Coaching, *, request=None) -> Coaching:
    if not can(user, "coach", coaching):
        raise PermissionDenied
    return workflow.change_status(
        user, coaching, Status.CLOSED, request=request, closed_reason=_("The student is in class at the new school.")
    )


def stop(user, coaching: Coaching, *, reason: str, request=None) -> Coaching:
    if not can(user, "stop", coaching):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Reason: say why the coaching stops.")})
    return workflow.change_status(user, coaching, Status.STOPPED, request=request, closed_reason=reason.strip())
