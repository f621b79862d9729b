"""Writes of the doorstroomdossier: starting it, part A by the student, part B by the school, signing and a
parent's agreement. Every write asks the checkpoint, names the field of each problem, saves on top of the version the
person started from (optimistic locking) and records its audit event in the same transaction; status changes go
through ``workflow.change_status``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.organisations.models import VO_TYPES, OrganisationType
from overstap.pupils.scopes import current_enrolments

from .deadlines import needs_parent, school_year_of
from .models import PART_A_FIELDS, Doorstroomdossier, Released, Route, Status
from .rules import DOORSTROOM_SCHOOL_TYPES
from .workflow import change_status

MAX_TEXT = 5_000


class EditConflict(Exception):
    """Someone else saved the dossier after this person opened it. Nothing was saved."""

    def __init__(self, current: Doorstroomdossier):
        self.current = current
        super().__init__("edit conflict")


def route_for(school) -> str | None:
    if school.type in VO_TYPES:
        return Route.VO_MBO
    return Route.MBO_HBO if school.type == OrganisationType.MBO else None


def school_for(user, pupil):
    """Where the dossier is written: the school the person acts for, or for the student their current school (of a
    type that writes one)."""
    actor = actor_for(user)
    if actor.membership is not None:
        return actor.organisation if actor.organisation.type in DOORSTROOM_SCHOOL_TYPES else None
    enrolment = (
        current_enrolments(pupil=pupil, organisation__type__in=list(DOORSTROOM_SCHOOL_TYPES))
        .select_related("organisation")
        .order_by("-start_date")
        .first()
    )
    return enrolment.organisation if enrolment else None


def start(user, pupil, *, request=None) -> Doorstroomdossier:
    """The dossier of this school year at the student's school; the existing one when it was already started."""
    if not can(user, "start_doorstroom", pupil):
        raise PermissionDenied
    school = school_for(user, pupil)
    if school is None:
        raise ValidationError(
            {"school": _("School: a doorstroomdossier is written at a secondary school or an MBO school.")}
        )
    route, year = route_for(school), school_year_of(timezone.localdate())
    existing = Doorstroomdossier.objects.filter(pupil=pupil, route=route, school_year=year).first()
    if existing is not None and existing.school_id != school.pk and not _still_at(pupil, existing.school):
        # The student changed school this year: their dossier goes on at the new school, with what it holds.
        return _move(user, existing, school, request)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            dossier = Doorstroomdossier.objects.create(pupil=pupil, school=school, route=route, school_year=year)
            record(user, Action.CREATE, dossier, request=request, detail={"route": route, "school_year": year})
    except IntegrityError:  # started at the same moment by someone else
        return Doorstroomdossier.objects.get(pupil=pupil, route=route, school_year=year)
    return dossier


def _still_at(pupil, school) -> bool:
    return current_enrolments(pupil=pupil, organisation=school).exists()


def _move(user, dossier: Doorstroomdossier, school, request) -> Doorstroomdossier:
    with transaction.atomic():
        current = Doorstroomdossier.objects.select_for_update().get(pk=dossier.pk)
        old = str(current.school)
        current.school = school
        current.version += 1
        current.save(update_fields=["school", "version", "updated_at"])
        record(user, Action.UPDATE, current, request=request, detail={"moved_from": old, "to": str(school)})
    return current


def _check_lengths(data: dict, labels: dict) -> None:
    errors = {
        name: _("%(field)s: write at most %(count)s characters.") % {"field": labels[name], "count": MAX_TEXT}
        for name, value in data.items()
        if len(value) > MAX_TEXT
    }
    if errors:
        raise ValidationError(errors)


def _labels() -> dict:
    return {f.name: str(f.verbose_name).capitalize() for f in Doorstroomdossier._meta.fields}


def _locked(dossier: Doorstroomdossier, expected_version: int) -> Doorstroomdossier:
    current = Doorstroomdossier.objects.select_for_update().get(pk=dossier.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    return current


def _unsign_if_signed(user, current: Doorstroomdossier, part: str, request) -> Doorstroomdossier:
    """A change after signing: the signature no longer covers the text, so the dossier goes back to writing."""
    if current.status != Status.WRITING:
        return change_status(user, current, Status.WRITING, request=request, detail={"changed": part})
    return current


def save_part_a(user, dossier: Doorstroomdossier, *, expected_version: int, request=None, **data) -> Doorstroomdossier:
    if not can(user, "write_a", dossier):
        raise PermissionDenied
    data = {name: (data.get(name) or "").strip() for name in PART_A_FIELDS}
    _check_lengths(data, _labels())
    with transaction.atomic():
        current = _locked(dossier, expected_version)
        changed = any(getattr(current, name) != value for name, value in data.items())
        if not changed:
            return current
        for name, value in data.items():
            setattr(current, name, value)
        current.part_a_saved_at = timezone.now()
        current.version += 1
        current.save()
        record(user, Action.UPDATE, current, request=request, detail={"part": "a", "version": current.version})
        current = _unsign_if_signed(user, current, "a", request)
    return current


def save_part_b(user, dossier: Doorstroomdossier, *, expected_version: int, advice: str, request=None):
    if not can(user, "write_b", dossier):
        raise PermissionDenied
    advice = (advice or "").strip()
    if not advice:
        raise ValidationError({"advice": _("Advice of the school: write your advice for the student.")})
    _check_lengths({"advice": advice}, _labels())
    with transaction.atomic():
        current = _locked(dossier, expected_version)
        if current.advice == advice:
            return current
        current.advice = advice
        current.advice_by_name = str(user)
        current.advice_at = timezone.now()
        current.version += 1
        current.save()
        record(user, Action.UPDATE, current, request=request, detail={"part": "b", "version": current.version})
        current = _unsign_if_signed(user, current, "b", request)
    return current


def check_signing(dossier: Doorstroomdossier, released: str) -> None:
    """What signing needs, each problem naming its field."""
    errors = {}
    if not dossier.study_choice.strip():
        errors["study_choice"] = _("Study choice: write which course you want to do before you sign.")
    if not dossier.support_needs.strip():
        errors["support_needs"] = _("What I need at my new school: write what you need before you sign.")
    if released not in Released.values:
        errors["released"] = _("The new school may read: choose which parts the new school may read.")
    elif released in (Released.B, Released.BOTH) and not dossier.part_b_done:
        errors["released"] = _("The new school may read: part B has no advice yet, so you cannot share it.")
    if errors:
        raise ValidationError(errors)


def sign(user, dossier: Doorstroomdossier, *, expected_version: int, released: str, request=None):
    """The student signs what they read (the version they started from) and chooses what the new school may read.
    From 16 the dossier is then ready; younger, it waits for a parent's agreement."""
    if not can(user, "sign", dossier):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked(dossier, expected_version)
        check_signing(current, released)
        current.released = released
        current.signed_by_name = str(user)
        current.signed_at = timezone.now()
        current.version += 1
        current.save()
        target = Status.WAITING_FOR_PARENT if needs_parent(current.pupil) else Status.READY
        detail = {"released": released, "version": current.version}
        if target != current.status:
            current = change_status(user, current, target, request=request, detail=detail)
        else:
            record(user, Action.UPDATE, current, request=request, detail={"signed": True, **detail})
    return current


def agree(user, dossier: Doorstroomdossier, *, expected_version: int, request=None) -> Doorstroomdossier:
    """A legal representative agrees to what the under-16 student signed: the dossier is ready."""
    if not can(user, "agree", dossier):
        raise PermissionDenied
    with transaction.atomic():
        current = _locked(dossier, expected_version)
        current.parent_agreed_by_name = str(user)
        current.parent_agreed_at = timezone.now()
        current.version += 1
        current.save()
        current = change_status(user, current, Status.READY, request=request, detail={"agreed": True})
    return current
