"""Feedback (terugkoppeling): the receiving school tells the sending school how good the handover was, and later
how the pupil is doing. Three moments, each once: at the handover, after the first weeks, and after one year."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can

from . import statuses
from .models import Feedback, Moment, NotificationKind, Status, TransitionCase, Wellbeing
from .notifications import notify
from .statuses import OPENED_ON

# The handover can be judged once it was opened (and before a later exit); how the pupil is doing, once the pupil
# has started.
HANDOVER_JUDGED_FROM = set(OPENED_ON) - {Status.NO_SHOW, Status.UITGEVALLEN}
# "After one year" is asked eleven months after the start, so it can be given before the next summer holiday.
ONE_YEAR_AFTER = datetime.timedelta(days=335)
RATINGS = ("complete", "useful", "on_time")


def _rating_message(field: str) -> str:
    return {
        "complete": _("Complete: give a mark from 1 to 5."),
        "useful": _("Useful: give a mark from 1 to 5."),
        "on_time": _("On time: give a mark from 1 to 5."),
    }[field]


def _already_given(moment: str) -> dict[str, str]:
    return {"moment": _("Moment: feedback on “%(moment)s” has already been given.") % {"moment": Moment(moment).label}}


def one_year_from(case: TransitionCase) -> datetime.date:
    """The first day on which the feedback after one year can be given."""
    start = case.planned_on or timezone.localdate(case.created_at)
    return start + ONE_YEAR_AFTER


def not_yet_possible(case: TransitionCase, moment: str, *, given: set[str] | None = None) -> dict[str, str]:
    """Why feedback at this moment cannot be given now, apart from what the user fills in (empty: it can).

    ``given``: the moments already given for this case, when the caller read them for many cases at once (a list);
    without it the database is asked."""
    if moment not in Moment.values:
        return {"moment": _("Moment: choose the handover, the first weeks or one year.")}
    already = moment in given if given is not None else Feedback.objects.filter(case=case, moment=moment).exists()
    if already:
        return _already_given(moment)
    if moment == Moment.HANDOVER:
        if case.status not in HANDOVER_JUDGED_FROM:
            return {"moment": _("Moment: feedback on the handover can be given once you have opened it.")}
        return {}
    if case.status not in statuses.STARTED:
        return {"moment": _("Moment: how the pupil is doing can be told once the pupil has started.")}
    if moment == Moment.ONE_YEAR and timezone.localdate() < one_year_from(case):
        return {
            "moment": _("Moment: feedback after one year can be given from %(date)s.")
            % {"date": formats.date_format(one_year_from(case), "j F Y")}
        }
    return {}


def give_feedback(
    user,
    case: TransitionCase,
    moment: str,
    *,
    complete=None,
    useful=None,
    on_time=None,
    wellbeing: str = "",
    comment: str = "",
    request=None,
) -> Feedback:
    """Records the receiving school's feedback and tells the sending school. Only what the moment asks is kept:
    marks at the handover, how the pupil is doing afterwards, so that averages and shares compare like with like."""
    case = TransitionCase.objects.get(pk=case.pk)  # judge the status as it is now, not as the caller last saw it
    if not can(user, "feedback", case):
        raise PermissionDenied
    errors = not_yet_possible(case, moment)
    if not errors and moment == Moment.HANDOVER:
        marks = {"complete": complete, "useful": useful, "on_time": on_time}
        for field, value in marks.items():
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                errors[field] = _rating_message(field)
        wellbeing = ""
    elif not errors:
        if wellbeing not in Wellbeing.values:
            errors["wellbeing"] = _("How the pupil is doing: choose one of the answers.")
        complete = useful = on_time = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the case, so that two people giving the same feedback at once are told, not both saved.
        locked = TransitionCase.objects.select_for_update().select_related("from_organisation").get(pk=case.pk)
        errors = not_yet_possible(locked, moment)
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    case=locked,
                    moment=moment,
                    complete=complete,
                    useful=useful,
                    on_time=on_time,
                    wellbeing=wellbeing,
                    comment=(comment or "").strip(),
                    organisation=actor_for(user).organisation,
                    given_by_name=str(user),
                )
        except IntegrityError as error:  # a database without row locks (SQLite) can still race here
            raise ValidationError(_already_given(moment)) from error
        record(
            user,
            Action.CREATE,
            feedback,
            pupil_id=locked.pupil_id,
            request=request,
            detail={"case": locked.pk, "moment": moment},
        )
        notify(locked.from_organisation, locked, NotificationKind.FEEDBACK)
    return feedback
