"""Changes to a pupil's registration that the school records: a pupil added by hand, parents and guardians."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .ages import age_on, plausible_range
from .bsn import passes_eleven_test
from .models import Enrolment, Guardian, GuardianRelation, Pupil
from .scopes import current_pupils


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
