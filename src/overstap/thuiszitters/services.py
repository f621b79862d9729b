"""Writes of the register: absence reports (recorded by the pupil's school), the route (leerplicht and the SWV).
Each write is audited in its own transaction and brings the "at home" signal of the pupil in line at once."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.monitoring.engine import sync
from overstap.monitoring.models import SignalKind

from . import workflow
from .models import AbsenceKind, AbsenceReport, Arrangement, Route, RouteStatus
from .selectors import acting_choices


class EditConflict(Exception):
    """Someone else changed the route after this person opened it. Nothing was saved."""

    def __init__(self, current: Route):
        self.current = current
        super().__init__("edit conflict")


def resync(pupil) -> None:
    """The register changed for this pupil: the signal follows in the same transaction."""
    sync(SignalKind.THUISZITTER, pupil=pupil)


def _check_absence(pupil, school, from_date, kind) -> None:
    errors = {}
    if from_date is None:
        errors["from_date"] = _("Absent from: give the first day of the absence.")
    elif from_date > timezone.localdate():
        errors["from_date"] = _("Absent from: the date cannot be in the future.")
    if kind not in AbsenceKind.values:
        errors["kind"] = _("Kind of absence: choose with or without permission.")
    if errors:
        raise ValidationError(errors)
    already = AbsenceReport.objects.filter(pupil=pupil, school=school, to_date__isnull=True).first()
    if already is not None:
        raise ValidationError(
            {
                "from_date": _("Absent from: an absence since %(day)s is still open; end that one first.")
                % {"day": already.from_date.strftime("%d-%m-%Y")}
            }
        )


def record_absence(user, pupil, *, from_date, kind: str, note: str = "", request=None) -> AbsenceReport:
    """A school records an absence of its own pupil (the school is the organisation the person acts for)."""
    if not can(user, "record_absence", pupil):
        raise PermissionDenied
    school = actor_for(user).organisation
    with transaction.atomic():
        _check_absence(pupil, school, from_date, kind)
        report = AbsenceReport.objects.create(
            pupil=pupil,
            school=school,
            from_date=from_date,
            kind=kind,
            note=(note or "").strip(),
            recorded_by_name=str(user),
        )
        record(user, Action.CREATE, report, pupil_id=pupil.pk, request=request, detail={"kind": kind})
        resync(pupil)
    return report


def record_from_case(case) -> AbsenceReport | None:
    """A move set to "thuiszitter": the sending school's absence report without permission, from today, unless
    one is open already. Written by Overstap itself, in the transaction of the change of the case."""
    if AbsenceReport.objects.filter(pupil=case.pupil, kind=AbsenceKind.UNEXCUSED, to_date__isnull=True).exists():
        return None
    report = AbsenceReport.objects.create(
        pupil=case.pupil,
        school=case.from_organisation,
        from_date=timezone.localdate(),
        kind=AbsenceKind.UNEXCUSED,
        note=_("The move was recorded as “at home without education”."),
        recorded_by_name=_("Overstap (automatic)"),
    )
    record(None, Action.CREATE, report, pupil_id=case.pupil_id, detail={"case": case.pk})
    return report


def end_absence(user, report: AbsenceReport, *, to_date, request=None) -> AbsenceReport:
    if not can(user, "end", report):
        raise PermissionDenied
    errors = {}
    if to_date is None:
        errors["to_date"] = _("Absent until: give the last day of the absence.")
    elif to_date > timezone.localdate():
        errors["to_date"] = _("Absent until: the date cannot be in the future.")
    elif to_date < report.from_date:
        errors["to_date"] = _("Absent until: the date lies before the first day (%(day)s).") % {
            "day": report.from_date.strftime("%d-%m-%Y")
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = AbsenceReport.objects.select_for_update().get(pk=report.pk)
        if current.to_date is not None:
            raise ValidationError({"to_date": _("Absent until: this absence was ended already.")})
        current.to_date, current.ended_by_name = to_date, str(user)
        current.save(update_fields=["to_date", "ended_by_name"])
        record(user, Action.UPDATE, current, pupil_id=current.pupil_id, request=request, detail={"ended": True})
        resync(current.pupil)
    return current


@dataclass
class RouteData:
    acting_organisation: object | None
    acting_person: str
    acting_since: datetime.date | None
    arrangement: str
    next_review_on: datetime.date | None
    note: str = ""
    support_note: str | None = None  # None: the person may not read it, so it stays as it is


def _check_route(pupil, data: RouteData) -> None:
    errors = {}
    if data.acting_organisation is not None and data.acting_organisation.pk not in {
        o.pk for o in acting_choices(pupil)
    }:
        errors["acting_organisation"] = _(
            "Who acts (organisation): choose the municipality, the samenwerkingsverband or the school of the pupil."
        )
    if data.acting_since is not None and data.acting_since > timezone.localdate():
        errors["acting_since"] = _("Acting since: the date cannot be in the future.")
    if data.next_review_on is not None and data.next_review_on < timezone.localdate():
        errors["next_review_on"] = _("Next review: choose today or a later date.")
    if data.arrangement not in Arrangement.values:
        errors["arrangement"] = _("Arrangement: choose one of the list.")
    if errors:
        raise ValidationError(errors)


def open_route(pupil) -> Route | None:
    return Route.objects.filter(pupil=pupil, status__in=[RouteStatus.NEW, RouteStatus.IN_PROGRESS]).first()


def save_route(user, pupil, data: RouteData, expected_version: int, *, request=None) -> Route:
    """Saves the route, but only on top of the version the person started from (0: there was no open route yet).
    Every save keeps a history row with what the route says after it, by whom and when."""
    if not can(user, "act_route", pupil):
        raise PermissionDenied
    _check_route(pupil, data)
    actor = actor_for(user)
    values = {
        "acting_organisation": data.acting_organisation,
        "acting_person": (data.acting_person or "").strip(),
        "acting_since": data.acting_since,
        "arrangement": data.arrangement,
        "next_review_on": data.next_review_on,
    }
    if data.support_note is not None:
        values["support_note"] = data.support_note.strip()
    current = open_route(pupil)
    if values["acting_since"] is None and data.acting_organisation is not None:
        # Someone new acts from today, unless the person says since when; the same one keeps their date.
        same = current is not None and current.acting_organisation_id == data.acting_organisation.pk
        values["acting_since"] = current.acting_since if same else timezone.localdate()
    try:
        with transaction.atomic():
            current = (
                Route.objects.select_for_update()
                .filter(pupil=pupil, status__in=[RouteStatus.NEW, RouteStatus.IN_PROGRESS])
                .first()
            )
            if (current.version if current else 0) != expected_version:
                raise EditConflict(current or open_route(pupil))
            if current is None:
                current = Route.objects.create(pupil=pupil, **values)
                action, from_status = Action.CREATE, ""
                to_status = RouteStatus.NEW
            else:
                for name, value in values.items():
                    setattr(current, name, value)
                current.version += 1
                current.save()
                action, from_status, to_status = Action.UPDATE, "", ""
            workflow.snapshot(
                current,
                at=timezone.now(),
                by_name=str(user),
                by_organisation=str(actor.organisation or ""),
                from_status=from_status,
                to_status=to_status,
                note=(data.note or "").strip(),
            )
            record(user, action, current, pupil_id=pupil.pk, request=request, detail={"version": current.version})
    except IntegrityError:  # someone opened a route for this pupil at the same moment
        raise EditConflict(open_route(pupil)) from None
    return current


def take_on(user, pupil, *, request=None) -> Route:
    """Being handled: on the open route, or on a new one when there is none."""
    route = open_route(pupil)
    if route is None:
        empty = RouteData(None, "", None, "", None)
        route = save_route(user, pupil, empty, 0, request=request)
    return workflow.change_status(user, route, RouteStatus.IN_PROGRESS, request=request)


def close_route(user, route: Route, *, status: str, note: str, request=None) -> Route:
    if status not in workflow.CLOSED:
        raise ValidationError({"status": _("How the route ends: choose back at school, another place or closed.")})
    return workflow.change_status(user, route, status, note=note, request=request)
