"""Importing an OSO dossier into a pupil's dossier: the pupil matched (BSN, or name and date of birth at this school)
or added, the guardians and dossier entries written, each entry saying it came from the OSO file (the sender in
``author_name``, the file's date as its date). ``preview`` writes nothing; ``import_dossier`` writes everything in
one transaction or nothing. Importing the same file again adds nothing: what is there already is skipped."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.dossiers.models import Entry, EntryVersion
from overstap.pupils.ages import age_on, plausible_range
from overstap.pupils.bsn import passes_eleven_test
from overstap.pupils.models import Guardian, Pupil
from overstap.pupils.scopes import current_pupils
from overstap.pupils.services import add_guardian, add_pupil

from .mapping_import import Dossier, read_dossier
from .parsing import parse

# Dossiers that a school makes of its own pupil (within one BRIN, or for a support request to the SWV): only the
# school the file names may import them.
OWN_SCHOOL_KINDS = {"overdrachtbinnenbrin"}
OWN_SCHOOL_TRANSITIONS = {"POSWV", "VOSWV"}


@dataclass
class Line:
    block: str
    outcome: str  # "new", "present" or "skipped"
    target: str
    reason: str = ""
    kind: str = ""  # "pupil", "entry", "guardian" or "skipped"


@dataclass
class Report:
    transition: str = ""
    sender: str = ""
    file_date: str = ""
    pupil_name: str = ""
    birth_date: str = ""
    pupil_id: int | None = None
    pupil_new: bool = False
    lines: list[Line] = field(default_factory=list)
    applied: bool = False

    @property
    def entries(self) -> int:
        return sum(1 for line in self.lines if line.outcome == "new" and line.kind == "entry")

    @property
    def guardians(self) -> int:
        return sum(1 for line in self.lines if line.outcome == "new" and line.kind == "guardian")

    @property
    def skipped(self) -> list[Line]:
        return [line for line in self.lines if line.outcome == "skipped"]

    def as_dict(self) -> dict:
        return {**asdict(self), "entries": self.entries, "guardians": self.guardians}


def _refuse(message: str):
    raise ValidationError({"file": message})


def _check_school(dossier: Dossier, organisation) -> None:
    if (dossier.kind in OWN_SCHOOL_KINDS or dossier.transition in OWN_SCHOOL_TRANSITIONS) and (
        dossier.sender_brin != organisation.brin
    ):
        _refuse(
            _(
                "File: this dossier is the school's own file of %(school)s (BRIN %(brin)s), not of your school; "
                "it is not imported."
            )
            % {"school": dossier.sender_name, "brin": dossier.sender_brin}
        )


def _check_pupil(dossier: Dossier, organisation, start) -> None:
    pupil = dossier.pupil
    born = pupil["birth_date"]
    if not pupil["given_names"] or not pupil["family_name"]:
        _refuse(_("File: the pupil has no name in the file."))
    if born is None or born > timezone.localdate():
        _refuse(
            _("File: the pupil's date of birth (%(date)s) is impossible; it is not imported.")
            % {"date": pupil["birth_date_text"] or "-"}
        )
    ages = plausible_range(organisation.type)
    if ages is not None and not ages[0] <= age_on(born, start) <= ages[1]:
        _refuse(
            _("File: the pupil would be %(age)s at your school; check the date of birth (%(date)s) in the file.")
            % {"age": age_on(born, start), "date": pupil["birth_date_text"]}
        )
    if pupil["onderwijsnummer"] and not passes_eleven_test(pupil["onderwijsnummer"]):
        _refuse(_("File: the BSN in the file fails the eleven-test; it is not imported."))


def _start(dossier: Dossier):
    """The first day at the receiving school: the day after the sender's leaving date, or today."""
    left = dossier.pupil["left_on"]
    today = timezone.localdate()
    if left is not None and left < today:
        return left + timezone.timedelta(days=1)
    return today


def _match(dossier: Dossier, organisation) -> Pupil | None:
    """The pupil in Overstap this dossier is about, or None for a new pupil. Refused when the number is someone
    else's, or the pupil is at another school (the move brings them in). A pupil is never renamed."""
    pupil = dossier.pupil
    number = pupil["onderwijsnummer"]
    here = current_pupils(organisation)
    if number:
        known = Pupil.objects.filter(onderwijsnummer=number).first()
        if known is not None:
            if known.birth_date != pupil["birth_date"] or known.family_name.lower() != pupil["family_name"].lower():
                _refuse(
                    _(
                        "File: the BSN in the file belongs to a pupil in Overstap with another name or date of "
                        "birth. Nothing is imported; nobody is renamed."
                    )
                )
            if not Pupil.objects.filter(pk=known.pk, pk__in=here).exists():
                _refuse(
                    _(
                        "File: this pupil is in Overstap at another school. The dossier comes with the move from "
                        "that school; it is not imported."
                    )
                )
            return known
    return (
        Pupil.objects.filter(
            pk__in=here,
            given_names__iexact=pupil["given_names"],
            family_name__iexact=pupil["family_name"],
            birth_date=pupil["birth_date"],
        )
        .order_by("pk")
        .first()
    )


def _plan(user, organisation, dossier: Dossier) -> tuple[Report, Pupil | None]:
    if not can(user, "import_oso", organisation):
        raise PermissionDenied
    _check_school(dossier, organisation)
    _check_pupil(dossier, organisation, _start(dossier))
    pupil = _match(dossier, organisation)
    if pupil is not None and not can(user, "write_dossier", pupil):
        raise PermissionDenied
    p = dossier.pupil
    report = Report(
        transition=dossier.transition,
        sender=dossier.source,
        file_date=dossier.file_date.isoformat() if dossier.file_date else "",
        pupil_name=" ".join(
            x for x in (p["preferred_name"] or p["given_names"], p["family_name_prefix"], p["family_name"]) if x
        ),
        birth_date=p["birth_date"].isoformat(),
        pupil_id=pupil.pk if pupil else None,
        pupil_new=pupil is None,
    )
    entries = set()
    names = set()
    if pupil is not None:
        entries = set(Entry.objects.filter(pupil=pupil, author_name=dossier.source).values_list("title", "text"))
        names = {n.lower() for n in Guardian.objects.filter(pupil=pupil).values_list("name", flat=True)}
    for block in dossier.blocks:
        if block.kind == "pupil":
            target = _("pupil: %(name)s, born %(date)s") % {"name": report.pupil_name, "date": report.birth_date}
            report.lines.append(Line(block.name, "present" if pupil else "new", target, kind="pupil"))
        elif block.kind == "entry":
            present = (block.title, block.text) in entries
            report.lines.append(
                Line(
                    block.name,
                    "present" if present else "new",
                    _("dossier entry: %(title)s") % {"title": block.title},
                    kind="entry",
                )
            )
        elif block.kind == "guardian":
            present = block.guardian["name"].lower() in names
            names.add(block.guardian["name"].lower())
            report.lines.append(
                Line(
                    block.name,
                    "present" if present else "new",
                    _("parent or guardian: %(name)s") % {"name": block.guardian["name"]},
                    kind="guardian",
                )
            )
        else:
            report.lines.append(Line(block.name, "skipped", "", block.reason, kind="skipped"))
    return report, pupil


def preview(user, organisation, data: bytes) -> Report:
    """What an import of this file would do; writes nothing. Raises OsoError or ValidationError in Dutch."""
    report, _pupil = _plan(user, organisation, read_dossier(parse(data)))
    return report


def import_dossier(user, organisation, data: bytes, *, request=None, file_name: str = "") -> Report:
    """Writes the dossier: one transaction, so a failure anywhere leaves nothing behind."""
    dossier = read_dossier(parse(data))
    with transaction.atomic():
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
        report, pupil = _plan(user, organisation, dossier)
        p = dossier.pupil
        if pupil is None:
            pupil = add_pupil(
                user,
                organisation,
                given_names=p["given_names"],
                preferred_name=p["preferred_name"],
                family_name_prefix=p["family_name_prefix"],
                family_name=p["family_name"],
                birth_date=p["birth_date"],
                onderwijsnummer=p["onderwijsnummer"],
                start_date=_start(dossier),
                request=request,
            )
            report.pupil_id = pupil.pk
        recorded_on = min(dossier.file_date or timezone.localdate(), timezone.localdate())
        for block, line in zip(dossier.blocks, report.lines, strict=True):
            if line.outcome != "new":
                continue
            if block.kind == "entry":
                entry = Entry.objects.create(
                    pupil=pupil,
                    category=block.category,
                    title=block.title[:200],
                    text=block.text,
                    organisation=organisation,
                    author=user,
                    author_name=dossier.source[:200],
                    author_role="oso",
                    recorded_on=recorded_on,
                )
                EntryVersion.objects.create(
                    entry=entry, version=1, title=entry.title, text=entry.text, saved_by_name=str(user)
                )
                record(user, Action.CREATE, entry, request=request, detail={"oso": block.name})
                line.target = _("dossier entry: %(title)s") % {"title": entry.title}
            elif block.kind == "guardian" and block.guardian["name"]:
                guardian = add_guardian(user, pupil, request=request, **block.guardian)
                line.target = _("parent or guardian: %(name)s") % {"name": guardian.name}
        report.applied = True
        record(
            user,
            Action.CREATE,
            pupil,
            request=request,
            detail={
                "oso_import": {
                    "file": file_name[:200],
                    "sender": dossier.source,
                    "transition": dossier.transition,
                    "entries": report.entries,
                    "guardians": report.guardians,
                    "skipped": [line.block for line in report.skipped],
                }
            },
        )
    return report
