"""Changes to a pupil's registration that the school records: a pupil added by hand, parents and guardians."""

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .ages import age_on, plausible_range
from .bsn import passes_eleven_test
from .models import Enrolment, Guardian, GuardianRelation, Programme, Pupil
from .scopes import current_pupils


class StaleWrite(Exception):
    """The pupil or enrolment changed after the caller read it (its state tag no longer matches). Nothing changed."""

    def __init__(self, current):
        self.current = current
        super().__init__("stale write")


def state_tag(obj: Pupil | Enrolment) -> str:
    """A short fingerprint of the row as stored: any change to it, by anyone, gives another tag. Connected systems
    get it as the ETag of what they read and send it back (If-Match) with a change."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:20]


def _locked_as_seen(obj, expected_tag: str):
    """Inside a transaction: the row, locked, provided it is still as the caller read it."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if state_tag(locked) != expected_tag:
        raise StaleWrite(locked)
    return locked


def add_guardian(
    user,
    pupil,
    *,
    name: str,
    relation: str,
    legal_representative: bool = False,
    lives_with_pupil: bool = True,
    phone: str = "",
    email: str = "",
    request=None,
) -> Guardian:
    """A parent or guardian of the pupil, whether or not they have an account, recorded by the pupil's school."""
    if not can(user, "add_guardian", pupil):
        raise PermissionDenied
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Name: this field is required.")
    if relation not in GuardianRelation.values:
        errors["relation"] = _("Relation: choose one from the list.")
    if errors:
        raise ValidationError(errors)
    guardian = Guardian(
        pupil=pupil,
        name=name,
        relation=relation,
        legal_representative=legal_representative,
        lives_with_pupil=lives_with_pupil,
        phone=(phone or "").strip(),
        email=(email or "").strip(),
        recorded_by_name=str(user),
    )
    with transaction.atomic():
        guardian.save()
        record(user, Action.CREATE, guardian, pupil_id=pupil.pk, request=request)
    return guardian


class DuplicatePupil(ValidationError):
    """The pupil is in Overstap already: ``existing`` is that pupil (the view decides whether to link to it)."""

    def __init__(self, message, existing: Pupil, field: str):
        super().__init__({field: [message]})
        self.existing = existing


def _check_new_pupil(organisation, *, given_names, family_name, birth_date, onderwijsnummer, start_date) -> dict:
    errors: dict[str, str] = {}
    if not given_names:
        errors["given_names"] = _("Given names: this field is required.")
    if not family_name:
        errors["family_name"] = _("Family name: this field is required.")
    today = timezone.localdate()
    if birth_date is None:
        errors["birth_date"] = _("Date of birth: this field is required.")
    elif birth_date > today:
        errors["birth_date"] = _("Date of birth: the date lies in the future.")
    elif start_date is not None and start_date < birth_date:
        errors["start_date"] = _("At this school since: the date lies before the date of birth.")
    elif (ages := plausible_range(organisation.type)) is not None:
        youngest, oldest = ages
        age = age_on(birth_date, start_date or today)
        if not youngest <= age <= oldest:
            errors["birth_date"] = _(
                "Date of birth: the pupil would be %(age)s on the first day here; at a %(type)s a pupil is "
                "between %(youngest)s and %(oldest)s. Check the year."
            ) % {"age": age, "type": organisation.get_type_display().lower(), "youngest": youngest, "oldest": oldest}
    if onderwijsnummer and not passes_eleven_test(onderwijsnummer):
        errors["onderwijsnummer"] = _(
            "BSN or education number: %(number)s is not a valid number (it fails the eleven-test). Check the digits."
        ) % {"number": onderwijsnummer}
    return errors


def _existing_pupil(organisation, *, given_names, family_name, birth_date, onderwijsnummer):
    """A pupil who is this pupil: the same number anywhere, or the same name and date of birth at this school."""
    if onderwijsnummer:
        same = Pupil.objects.filter(onderwijsnummer=onderwijsnummer).order_by("pk").first()
        if same is not None:
            return same, "onderwijsnummer"
    same = (
        Pupil.objects.filter(
            pk__in=current_pupils(organisation),
            given_names__iexact=given_names,
            family_name__iexact=family_name,
            birth_date=birth_date,
        )
        .order_by("pk")
        .first()
    )
    return (same, "given_names") if same is not None else (None, "")


def _duplicate_message(field: str) -> str:
    if field == "onderwijsnummer":
        return _("BSN or education number: a pupil with this number is in Overstap already.")
    return _("Given names: a pupil with this name and date of birth is at your school already.")


def add_pupil(
    user,
    organisation,
    *,
    given_names: str,
    family_name: str,
    birth_date,
    start_date,
    preferred_name: str = "",
    family_name_prefix: str = "",
    onderwijsnummer: str = "",
    group: str = "",
    request=None,
) -> Pupil:
    """A pupil the school registers by hand (where no import brings them in), enrolled at the school from the
    given day. Refused when the pupil is in Overstap already: the error carries the existing pupil."""
    if not can(user, "add_pupil", organisation):
        raise PermissionDenied
    given_names, family_name = " ".join((given_names or "").split()), " ".join((family_name or "").split())
    onderwijsnummer = "".join((onderwijsnummer or "").split()).replace(".", "")
    errors = _check_new_pupil(
        organisation,
        given_names=given_names,
        family_name=family_name,
        birth_date=birth_date,
        onderwijsnummer=onderwijsnummer,
        start_date=start_date,
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One registration at a time per school: two people adding the same pupil at once cannot both pass the
        # check below; the second is told the pupil is there.
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
        existing, field = _existing_pupil(
            organisation,
            given_names=given_names,
            family_name=family_name,
            birth_date=birth_date,
            onderwijsnummer=onderwijsnummer,
        )
        if existing is not None:
            raise DuplicatePupil(_duplicate_message(field), existing, field)
        try:
            # The number is unique in the database: another school that adds the same child at this moment (under
            # its own lock) wins, and this one is told the pupil is there, as if it had been there before.
            with transaction.atomic():
                pupil = Pupil.objects.create(
                    given_names=given_names,
                    preferred_name=(preferred_name or "").strip(),
                    family_name_prefix=(family_name_prefix or "").strip(),
                    family_name=family_name,
                    birth_date=birth_date,
                    onderwijsnummer=onderwijsnummer,
                )
        except IntegrityError:
            same = (
                Pupil.objects.filter(onderwijsnummer=onderwijsnummer).order_by("pk").first()
                if onderwijsnummer
                else None
            )
            if same is None:
                raise
            raise DuplicatePupil(_duplicate_message("onderwijsnummer"), same, "onderwijsnummer") from None
        enrolment = Enrolment.objects.create(
            pupil=pupil, organisation=organisation, start_date=start_date, group=(group or "").strip()
        )
        record(user, Action.CREATE, pupil, request=request, detail={"by_hand": True})
        record(user, Action.CREATE, enrolment, request=request)
    return pupil


# --- A school system keeps the registration up to date (the API) ------------------------------------------------

NAME_FIELDS = {
    "given_names": gettext_lazy("Given names"),
    "family_name_prefix": gettext_lazy("Prefix"),
    "family_name": gettext_lazy("Family name"),
    "birth_date": gettext_lazy("Date of birth"),
}


def update_pupil(user, pupil: Pupil, *, expected_tag: str | None = None, request=None, **changes) -> Pupil:
    """The called name, and a missing BSN or education number, from the school's own system. A name or date of
    birth that differs is refused, never changed silently (as in an imported list): it may be another child.

    With ``expected_tag`` (the ``state_tag`` the caller read) the change is made only on top of that state, under
    a lock of the row; otherwise ``StaleWrite``."""
    with transaction.atomic():
        if expected_tag is not None:
            pupil = _locked_as_seen(pupil, expected_tag)
        return _update_pupil(user, pupil, request=request, **changes)


def _update_pupil(user, pupil: Pupil, *, request=None, **changes) -> Pupil:
    if not can(user, "change_registration", pupil):
        raise PermissionDenied
    errors: dict[str, str] = {}
    for name, label in NAME_FIELDS.items():
        if name in changes and changes[name] != getattr(pupil, name):
            errors[name] = _(
                "%(field)s: differs from the pupil in Overstap. A name or date of birth is not changed through a "
                "connected system; check whether this is the same pupil."
            ) % {"field": label}
    fields = []
    if "preferred_name" in changes:
        value = " ".join((changes["preferred_name"] or "").split())
        if len(value) > 60:
            errors["preferred_name"] = _("Called: use at most 60 characters.")
        elif value != pupil.preferred_name:
            pupil.preferred_name = value
            fields.append("preferred_name")
    if "onderwijsnummer" in changes:
        number = "".join((changes["onderwijsnummer"] or "").split()).replace(".", "")
        if number and number != pupil.onderwijsnummer:
            if pupil.onderwijsnummer:
                errors["onderwijsnummer"] = _(
                    "BSN or education number: this pupil has another number in Overstap. A number is not changed "
                    "through a connected system."
                )
            elif not passes_eleven_test(number):
                errors["onderwijsnummer"] = _(
                    "BSN or education number: %(number)s is not a valid number (it fails the eleven-test). Check "
                    "the digits."
                ) % {"number": number}
            elif Pupil.objects.filter(onderwijsnummer=number).exists():
                errors["onderwijsnummer"] = _duplicate_message("onderwijsnummer")
            else:
                pupil.onderwijsnummer = number
                fields.append("onderwijsnummer")
    if errors:
        pupil.refresh_from_db()
        raise ValidationError(errors)
    if fields:
        with transaction.atomic():
            pupil.save(update_fields=fields)
            record(user, Action.UPDATE, pupil, request=request, detail={"fields": fields})
    return pupil


def _check_enrolment_values(group, programme) -> dict:
    errors = {}
    if group is not None and len(group.strip()) > 20:
        errors["group"] = _("Group or class: use at most 20 characters.")
    if programme is not None and programme not in Programme.values:
        errors["programme"] = _("Programme: choose one of %(choices)s.") % {
            "choices": ", ".join(value or '""' for value in Programme.values)
        }
    return errors


def add_enrolment(
    user, pupil: Pupil, organisation, *, start_date, group: str = "", programme: str = "", request=None
) -> Enrolment:
    """A new enrolment at the pupil's current school from a date (another group or programme from the new school
    year): the open enrolment there ends the day before. A pupil comes to another school with the move, not here."""
    if not can(user, "change_registration", pupil) or not can(user, "add_pupil", organisation):
        raise PermissionDenied
    errors = _check_enrolment_values(group, programme)
    current = (
        Enrolment.objects.filter(pupil=pupil, organisation=organisation, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )
    if start_date is None:
        errors["start_date"] = _("From: this field is required.")
    elif current is None:
        errors["start_date"] = _("From: the pupil has no open enrolment at your school to follow on from.")
    elif start_date <= current.start_date:
        errors["start_date"] = _("From: the date must lie after the start of the current enrolment (%(date)s).") % {
            "date": current.start_date.strftime("%d-%m-%Y")
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Enrolment.objects.filter(pk=current.pk).update(end_date=start_date - datetime.timedelta(days=1))
        current.refresh_from_db()
        enrolment = Enrolment.objects.create(
            pupil=pupil,
            organisation=organisation,
            start_date=start_date,
            group=(group or "").strip(),
            programme=programme or "",
        )
        record(
            user, Action.UPDATE, current, request=request, detail={"fields": ["end_date"], "followed_by": enrolment.pk}
        )
        record(user, Action.CREATE, enrolment, request=request)
    return enrolment


def change_enrolment(
    user, enrolment: Enrolment, *, expected_tag: str | None = None, request=None, **changes
) -> Enrolment:
    """Group, programme, or the end date of an enrolment at the user's own school. An enrolment that ends is ended,
    never deleted; an end date, once set, may be moved but not taken away. ``expected_tag`` as in
    ``update_pupil``."""
    with transaction.atomic():
        if expected_tag is not None:
            enrolment = _locked_as_seen(enrolment, expected_tag)
        return _change_enrolment(user, enrolment, request=request, **changes)


def _change_enrolment(user, enrolment: Enrolment, *, request=None, **changes) -> Enrolment:
    if not can(user, "change", enrolment):
        raise PermissionDenied
    group, programme = changes.get("group"), changes.get("programme")
    errors = _check_enrolment_values(group, programme)
    fields = []
    if group is not None and group.strip() != enrolment.group:
        fields.append("group")
    if programme is not None and programme != enrolment.programme:
        fields.append("programme")
    if "end_date" in changes:
        end = changes["end_date"]
        if end is None:
            if enrolment.end_date is not None:
                errors["end_date"] = _("Until: an enrolment that ended is not opened again; add a new enrolment.")
        elif end < enrolment.start_date:
            errors["end_date"] = _("Until: the end date lies before the start date.")
        elif end != enrolment.end_date:
            fields.append("end_date")
    if errors:
        raise ValidationError(errors)
    if fields:
        if "group" in fields:
            enrolment.group = group.strip()
        if "programme" in fields:
            enrolment.programme = programme
        if "end_date" in fields:
            enrolment.end_date = changes["end_date"]
        with transaction.atomic():
            enrolment.save(update_fields=fields)
            record(user, Action.UPDATE, enrolment, request=request, detail={"fields": fields})
    return enrolment
