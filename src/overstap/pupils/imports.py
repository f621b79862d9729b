"""Importing a school's pupil list: the columns are mapped to Overstap's fields, every row is checked (with its
row, its column and the reason), and the school chooses to import all rows or nothing, or only the valid ones.

Re-importing the same list changes nothing. A row is the pupil already in Overstap when the BSN or education number
is the same, or, without a number, when name and date of birth are the same as a pupil of this school. Identity is
never overwritten by a list: a difference is reported. A group that changed is updated; an end date in the list
ends the enrolment at this school (it is never deleted). The rows are read and written in batches, so memory does
not grow with the file."""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overstap.audit.models import Action
from overstap.audit.services import record, record_many
from overstap.authz.policy import can

from .bsn import passes_eleven_test
from .models import Enrolment, ImportStatus, Pupil, PupilImport
from .services import _check_new_pupil
from .tables import Table, TableError, cell_date, cell_text, is_formula, open_table

BATCH = 1000
# How many row problems a report keeps in full; beyond this only the count goes on.
REPORT_LIMIT = 500


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    required: bool = False
    is_date: bool = False
    aliases: tuple[str, ...] = ()


# Overstap's fields and the column names that school systems commonly use for them (compared without case, spaces,
# dots and underscores). The mapping step shows what was recognised; the school can change every choice.
FIELDS = (
    Field(
        "onderwijsnummer",
        gettext_lazy("BSN or education number"),
        aliases=("bsn", "burgerservicenummer", "onderwijsnummer", "sofinummer", "persoonsgebondennummer", "pgn"),
    ),
    Field(
        "given_names",
        gettext_lazy("Given names"),
        required=True,
        aliases=("voornamen", "voornaam", "officielevoornamen", "voorletters/voornamen"),
    ),
    Field("preferred_name", gettext_lazy("Called"), aliases=("roepnaam", "roepnaamleerling")),
    Field(
        "family_name_prefix",
        gettext_lazy("Prefix"),
        aliases=("voorvoegsel", "tussenvoegsel", "tussenvoegsels", "tussenv", "voorv"),
    ),
    Field(
        "family_name",
        gettext_lazy("Family name"),
        required=True,
        aliases=("achternaam", "geslachtsnaam", "naam", "achternaamleerling"),
    ),
    Field(
        "birth_date",
        gettext_lazy("Date of birth"),
        required=True,
        is_date=True,
        aliases=("geboortedatum", "gebdatum", "geboren", "datumgeboorte"),
    ),
    Field(
        "start_date",
        gettext_lazy("At this school since"),
        is_date=True,
        aliases=("inschrijfdatum", "datuminschrijving", "begindatum", "startdatum", "ingangsdatum", "instroomdatum"),
    ),
    Field(
        "end_date",
        gettext_lazy("Left this school on"),
        is_date=True,
        aliases=("uitschrijfdatum", "datumuitschrijving", "einddatum", "uitstroomdatum", "vertrekdatum"),
    ),
    Field("group", gettext_lazy("Group or class"), aliases=("groep", "klas", "stamgroep", "basisgroep", "lesgroep")),
)
BY_KEY = {f.key: f for f in FIELDS}


def _plain(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch == "/")


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """For each field the column whose name is one the school systems use for it ("" when none is)."""
    plain = {_plain(h): h for h in headers if h}
    mapping = {}
    for f in FIELDS:
        mapping[f.key] = next((plain[a] for a in f.aliases if a in plain), "")
    return mapping


def check_mapping(headers: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Errors per field: a required field without a column, a column that is not in the file or used twice."""
    errors = {}
    used: dict[str, str] = {}
    for f in FIELDS:
        column = mapping.get(f.key, "")
        if not column:
            if f.required:
                errors[f.key] = _("%(field)s: choose the column that holds it.") % {"field": f.label}
            continue
        if column not in headers:
            errors[f.key] = _("%(field)s: the file has no column “%(column)s”.") % {"field": f.label, "column": column}
        elif column in used:
            errors[f.key] = _("%(field)s: the column “%(column)s” is already chosen for %(other)s.") % {
                "field": f.label,
                "column": column,
                "other": BY_KEY[used[column]].label,
            }
        else:
            used[column] = f.key
    return errors


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Row:
    number: int
    values: dict


@dataclass
class Report:
    """What an import did or would do. ``problems`` holds the first ``REPORT_LIMIT`` row problems."""

    rows: int = 0
    valid: int = 0
    invalid: int = 0
    added: int = 0
    enrolled: int = 0
    updated: int = 0
    ended: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # not errors: e.g. a name that differs from Overstap's
    applied: bool = False

    def problem(self, row: int, column: str, message: str) -> None:
        if len(self.problems) < REPORT_LIMIT:
            self.problems.append(Problem(row, column, message))

    def note(self, row: int, column: str, message: str) -> None:
        if len(self.notes) < REPORT_LIMIT:
            self.notes.append(Problem(row, column, message))

    def as_dict(self) -> dict:
        keys = ("rows", "valid", "invalid", "added", "enrolled", "updated", "ended", "unchanged", "applied")
        return {
            **{k: getattr(self, k) for k in keys},
            "problems": [p.__dict__ for p in self.problems],
            "notes": [p.__dict__ for p in self.notes],
        }


def _parse(number: int, cells: list, index: dict[str, int], mapping: dict, organisation, report: Report):
    """One row as values, or None when it has a problem (each one reported with its column)."""
    values: dict = {}
    bad = False
    for f in FIELDS:
        column = mapping.get(f.key, "")
        if not column:
            continue
        position = index[column]
        raw = cells[position] if position < len(cells) else None
        if f.is_date:
            try:
                values[f.key] = cell_date(raw)
            except ValueError:
                report.problem(
                    number,
                    column,
                    _("%(field)s: “%(value)s” is not a date; use day-month-year, such as 31-08-2015.")
                    % {"field": f.label, "value": cell_text(raw)[:40]},
                )
                bad = True
            continue
        text = cell_text(raw)
        if text and is_formula(text) and f.key != "onderwijsnummer":
            report.problem(
                number,
                column,
                _("%(field)s: the cell starts with “%(sign)s” like a formula; formulas are not imported.")
                % {"field": f.label, "sign": text[0]},
            )
            bad = True
            continue
        if f.key == "onderwijsnummer":
            text = text.replace(" ", "").replace(".", "").replace("-", "")
            if text.isdigit() and len(text) < 9:
                text = text.zfill(9)  # a spreadsheet drops the leading zero of a BSN
        values[f.key] = text
    for f in FIELDS:
        if f.required and not bad and not values.get(f.key) and mapping.get(f.key):
            report.problem(number, mapping[f.key], _("%(field)s: this cell is empty.") % {"field": f.label})
            bad = True
    if bad:
        return None
    start = values.get("start_date")
    errors = _check_new_pupil(
        organisation,
        given_names=values["given_names"],
        family_name=values["family_name"],
        birth_date=values["birth_date"],
        onderwijsnummer="",  # checked below, with the column's own name
        start_date=start,
    )
    number_text = values.get("onderwijsnummer", "")
    if number_text and not passes_eleven_test(number_text):
        errors["onderwijsnummer"] = _(
            "BSN or education number: %(number)s is not a valid number (it fails the eleven-test). Check the digits."
        ) % {"number": number_text}
    end = values.get("end_date")
    if end and start and end < start:
        errors["end_date"] = _("Left this school on: the date lies before the start date.")
    for key, message in errors.items():
        report.problem(number, mapping.get(key) or str(BY_KEY[key].label), str(message))
    return None if errors else Row(number, values)


def checked_rows(table: Table, mapping: dict, organisation, report: Report) -> Iterator[Row]:
    """The valid rows, one by one; each problem goes into the report. A pupil twice in the list is a problem on
    the second row (the same number, or the same name and date of birth)."""
    index = {h: i for i, h in enumerate(table.headers)}
    seen_numbers: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}
    for number, cells in table.rows:
        report.rows += 1
        row = _parse(number, cells, index, mapping, organisation, report)
        if row is not None:
            key = row.values.get("onderwijsnummer", "")
            name = (row.values["given_names"].lower(), row.values["family_name"].lower(), row.values["birth_date"])
            first = seen_numbers.get(key) if key else None
            if first is None and not key:
                first = seen_names.get(name)
            if first is not None:
                column = mapping["onderwijsnummer"] if key else mapping["family_name"]
                report.problem(number, column, _("This pupil is on the list already, on row %(row)s.") % {"row": first})
                row = None
            elif key:
                seen_numbers[key] = number
            else:
                seen_names[name] = number
        if row is None:
            report.invalid += 1
            continue
        report.valid += 1
        yield row


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _existing(batch: list[Row], organisation) -> tuple[dict[str, Pupil], dict[tuple, Pupil]]:
    """The pupils of this batch that are in Overstap: by number anywhere, by name and birth date at this school.
    Each lookup goes through an index (the number's, the pupil's on date of birth and name, the enrolment's on the
    pupil), so a batch costs the same however many pupils the region or the school has."""
    numbers = [r.values["onderwijsnummer"] for r in batch if r.values.get("onderwijsnummer")]
    by_number = {}
    if numbers:
        # The "not empty" is the unique index's own condition: without it SQLite does not use that index.
        found = Pupil.objects.filter(onderwijsnummer__in=numbers).exclude(onderwijsnummer="")
        by_number = {p.onderwijsnummer: p for p in found}
    by_name: dict[tuple, Pupil] = {}
    candidates = list(
        Pupil.objects.filter(
            birth_date__in={r.values["birth_date"] for r in batch},
            family_name__in={r.values["family_name"] for r in batch},
        )
    )
    if candidates:
        here = _at_school([p.pk for p in candidates], organisation)
        by_name = {(p.given_names.lower(), p.family_name.lower(), p.birth_date): p for p in candidates if p.pk in here}
    return by_number, by_name


def _enrolments_of(pupil_ids: list[int]) -> list[Enrolment]:
    # By the pupil's index only: asked together with the school, the planner walks all of the school's enrolments.
    return list(Enrolment.objects.filter(pupil__in=pupil_ids).order_by("start_date", "pk"))


def _at_school(pupil_ids: list[int], organisation) -> set[int]:
    return {e.pupil_id for e in _enrolments_of(pupil_ids) if e.organisation_id == organisation.pk}


def _enrolments_here(pupils: Iterable[Pupil], organisation) -> dict[int, Enrolment]:
    """Per pupil the latest enrolment at this school."""
    found: dict[int, Enrolment] = {}
    for enrolment in _enrolments_of([p.pk for p in pupils]):
        if enrolment.organisation_id == organisation.pk:
            found[enrolment.pupil_id] = enrolment
    return found


def _refuse(report: Report, row: Row, column: str, message: str) -> None:
    report.problem(row.number, column, message)
    report.invalid += 1
    report.valid -= 1


def _match(batch: list[Row], organisation, mapping: dict, report: Report):
    """Per row the pupil in Overstap it is, or None for a new pupil; rows that cannot be matched safely are
    refused (a problem in the report) and left out. Also the pupils whose empty number the list fills in."""
    by_number, by_name = _existing(batch, organisation)
    known_here = _at_school([p.pk for p in by_number.values()], organisation)
    matched: dict[int, Pupil | None] = {}
    numbered: list[Pupil] = []
    number_column = mapping.get("onderwijsnummer", "")
    for row in batch:
        v = row.values
        key = v.get("onderwijsnummer", "")
        named = by_name.get((v["given_names"].lower(), v["family_name"].lower(), v["birth_date"]))
        pupil = by_number.get(key) if key else None
        if pupil is not None:
            same = (
                pupil.family_name.lower() == v["family_name"].lower()
                and pupil.given_names.lower() == v["given_names"].lower()
                and pupil.birth_date == v["birth_date"]
            )
            if not same:
                _refuse(
                    report,
                    row,
                    number_column,
                    _(
                        "BSN or education number: this number belongs to a pupil in Overstap with another name or "
                        "date of birth. Check the number; the row is not imported."
                    ),
                )
                continue
            if pupil.pk not in known_here:
                # As when adding by hand: a list does not bring another school's pupil in; the move does.
                _refuse(
                    report,
                    row,
                    number_column,
                    _(
                        "BSN or education number: this pupil is in Overstap at another school. A pupil comes to "
                        "your school with the move from that school, not with a list; the row is not imported."
                    ),
                )
                continue
        elif named is not None:
            if key and named.onderwijsnummer and named.onderwijsnummer != key:
                _refuse(
                    report,
                    row,
                    number_column,
                    _(
                        "BSN or education number: a pupil with this name and date of birth is at your school with "
                        "another number. Check the number; the row is not imported."
                    ),
                )
                continue
            pupil = named
            if key and not named.onderwijsnummer:
                named.onderwijsnummer = key  # added by hand without a number: the list brings it
                numbered.append(named)
                report.note(row.number, number_column, _("The number of this pupil is filled in from the list."))
        matched[row.number] = pupil
    return matched, numbered


def _apply_batch(
    user, organisation, batch: list[Row], report: Report, today, request, detail, mapping: dict, write: bool
) -> None:
    found, numbered = _match(batch, organisation, mapping, report)
    batch = [row for row in batch if row.number in found]
    matched = {number: pupil for number, pupil in found.items() if pupil is not None}
    here = _enrolments_here(matched.values(), organisation)
    new_pupils, new_enrolments, changed = [], [], []
    for row in batch:
        v = row.values
        start = v.get("start_date") or today
        pupil = matched.get(row.number)
        if pupil is None:
            pupil = Pupil(
                given_names=v["given_names"],
                preferred_name=v.get("preferred_name", ""),
                family_name_prefix=v.get("family_name_prefix", ""),
                family_name=v["family_name"],
                birth_date=v["birth_date"],
                onderwijsnummer=v.get("onderwijsnummer", ""),
            )
            new_pupils.append((pupil, row))
            continue
        enrolment = here.get(pupil.pk)
        open_here = enrolment is not None and (enrolment.end_date is None or enrolment.end_date >= today)
        if enrolment is None or (not open_here and v.get("end_date") is None and start > enrolment.end_date):
            # In Overstap, but not (or no longer) at this school: enrolled here from the list's date.
            new_enrolments.append(
                Enrolment(
                    pupil=pupil,
                    organisation=organisation,
                    start_date=start,
                    end_date=v.get("end_date"),
                    group=v.get("group", ""),
                )
            )
            report.enrolled += 1
            continue
        fields = []
        if "group" in v and v["group"] != enrolment.group:
            enrolment.group = v["group"]
            fields.append("group")
        if v.get("end_date") and v["end_date"] != enrolment.end_date:
            enrolment.end_date = v["end_date"]
            fields.append("end_date")
            report.ended += 1
        if fields:
            changed.append((enrolment, fields))
            if fields != ["end_date"]:
                report.updated += 1
        else:
            report.unchanged += 1
    report.added += len(new_pupils)
    if not write:
        return
    if numbered:
        Pupil.objects.bulk_update(numbered, ["onderwijsnummer"], batch_size=BATCH)
        record_many(user, Action.UPDATE, numbered, request=request, detail={**detail, "filled_in": "onderwijsnummer"})
    if new_pupils:
        Pupil.objects.bulk_create([p for p, _row in new_pupils], batch_size=BATCH)
        for pupil, row in new_pupils:
            new_enrolments.append(
                Enrolment(
                    pupil=pupil,
                    organisation=organisation,
                    start_date=row.values.get("start_date") or today,
                    end_date=row.values.get("end_date"),
                    group=row.values.get("group", ""),
                )
            )
    if new_enrolments:
        Enrolment.objects.bulk_create(new_enrolments, batch_size=BATCH)
    for fields in {tuple(f) for _e, f in changed}:
        Enrolment.objects.bulk_update([e for e, f in changed if tuple(f) == fields], list(fields), batch_size=BATCH)
    record_many(user, Action.CREATE, [p for p, _row in new_pupils], request=request, detail=detail)
    record_many(user, Action.CREATE, new_enrolments, request=request, detail=detail)
    record_many(user, Action.UPDATE, [e for e, _f in changed], request=request, detail=detail)


def import_pupils(
    user, organisation, table: Table, mapping: dict, *, valid_only: bool, apply: bool, request=None, source: str = ""
) -> Report:
    """Checks every row and, with ``apply``, writes them. ``valid_only=False``: all or nothing, so nothing is
    written when any row has a problem. All writes are one transaction: an import completes or changes nothing."""
    if not can(user, "add_pupil", organisation):
        raise PermissionDenied
    errors = check_mapping(table.headers, mapping)
    if errors:
        raise ValidationError(errors)
    report = Report()
    today = timezone.localdate()
    rows = checked_rows(table, mapping, organisation, report)
    detail = {"import": source or table.kind}
    if not apply:
        # The check matches every row too (a pupil at another school, a number that is someone else's), and
        # writes nothing.
        for batch in _batches(rows):
            _apply_batch(user, organisation, batch, report, today, request, detail, mapping, write=False)
        return report
    with transaction.atomic():
        # One import (or registration by hand) at a time per school, as in ``services.add_pupil``.
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
        if valid_only:
            for batch in _batches(rows):
                _apply_batch(user, organisation, batch, report, today, request, detail, mapping, write=True)
        else:
            # All or nothing: rows are written as they come, and everything is rolled back when one is wrong.
            for batch in _batches(rows):
                if report.invalid:
                    break
                _apply_batch(user, organisation, batch, report, today, request, detail, mapping, write=True)
            for _row in rows:  # read the rest, for the full report
                pass
            if report.invalid:
                transaction.set_rollback(True)
                _reset_counts(report)
                return report
        report.applied = True
        record(
            user,
            Action.CREATE,
            organisation,
            request=request,
            detail={"pupil_import": {k: v for k, v in report.as_dict().items() if k not in ("problems", "notes")}},
        )
    return report


def _reset_counts(report: Report) -> None:
    report.added = report.enrolled = report.updated = report.ended = report.unchanged = 0
    report.applied = False


# --- The stored import: upload, mapping, check, import ----------------------------------------------------------

ALLOWED = {
    ImportStatus.UPLOADED: {ImportStatus.CHECKED, ImportStatus.CANCELLED},
    ImportStatus.CHECKED: {ImportStatus.CHECKED, ImportStatus.IMPORTED, ImportStatus.CANCELLED, ImportStatus.UPLOADED},
}


def change_status(user, pupil_import: PupilImport, status: str, *, request=None, **changes) -> PupilImport:
    """Every status change of an import: checked under a lock, audited. The stored file goes once the import is
    done or cancelled."""
    with transaction.atomic():
        locked = PupilImport.objects.select_for_update().get(pk=pupil_import.pk)
        if status not in ALLOWED.get(locked.status, set()):
            raise ValidationError({"status": _("This import is finished; upload the list again to start anew.")})
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.status = status
        if status in (ImportStatus.IMPORTED, ImportStatus.CANCELLED):
            locked.finished_at = timezone.now()
            stored, locked.stored_as = locked.stored_as, ""
            transaction.on_commit(lambda: _remove(stored))
        locked.save()
        record(user, Action.STATUS_CHANGE, locked, request=request, detail={"status": status})
    return locked


def _path(name: str) -> Path:
    return Path(settings.OVERSTAP_IMPORT_DIR) / name


def _remove(name: str) -> None:
    if name:
        _path(name).unlink(missing_ok=True)


def upload(user, organisation, uploaded, *, request=None) -> PupilImport:
    """Keeps the uploaded list (under a random name, outside the web root) and reads its column names."""
    if not can(user, "add_pupil", organisation):
        raise PermissionDenied
    if uploaded is None:
        raise ValidationError({"file": _("File: choose the pupil list to upload.")})
    folder = Path(settings.OVERSTAP_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.upload"
    try:
        with open(_path(name), "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        with open(_path(name), "rb") as handle:
            table = open_table(handle, max_bytes=settings.OVERSTAP_IMPORT_MAX_BYTES)
            headers, kind = table.headers, table.kind
            for _row in table.rows:  # XLSX: close the workbook
                break
        with transaction.atomic():
            pupil_import = PupilImport.objects.create(
                organisation=organisation,
                uploaded_by=user,
                uploaded_by_name=str(user)[:200],
                file_name=Path(uploaded.name or "").name[:200],
                stored_as=name,
                kind=kind,
                headers=headers,
                mapping=suggest_mapping(headers),
            )
            record(user, Action.CREATE, pupil_import, request=request, detail={"file": pupil_import.file_name})
    except TableError as error:
        _remove(name)
        raise ValidationError({"file": str(error)}) from None
    except BaseException:
        _remove(name)  # nothing points to it: never leave a pupil list behind
        raise
    return pupil_import


def _run(user, pupil_import: PupilImport, mapping: dict, *, valid_only: bool, apply: bool, request=None) -> Report:
    if not pupil_import.stored_as or not _path(pupil_import.stored_as).exists():
        raise ValidationError({"file": _("File: the uploaded list is no longer here; upload it again.")})
    with open(_path(pupil_import.stored_as), "rb") as handle:
        try:
            table = open_table(handle, max_bytes=settings.OVERSTAP_IMPORT_MAX_BYTES)
            return import_pupils(
                user,
                pupil_import.organisation,
                table,
                mapping,
                valid_only=valid_only,
                apply=apply,
                request=request,
                source=pupil_import.file_name,
            )
        except TableError as error:
            raise ValidationError({"file": str(error)}) from None


def check(user, pupil_import: PupilImport, mapping: dict, *, valid_only: bool, request=None) -> PupilImport:
    """The mapping chosen and every row checked, nothing written yet: the report says what would happen."""
    if not can(user, "change", pupil_import):
        raise PermissionDenied
    report = _run(user, pupil_import, mapping, valid_only=valid_only, apply=False, request=request)
    return change_status(
        user,
        pupil_import,
        ImportStatus.CHECKED,
        request=request,
        mapping=mapping,
        valid_only=valid_only,
        report=report.as_dict(),
    )


def run(user, pupil_import: PupilImport, *, request=None) -> PupilImport:
    """The import itself, with the mapping and choice that were checked. The import and its status are one
    transaction, with the import locked: a second click or a cancel at the same moment waits, then finds it done."""
    if not can(user, "change", pupil_import):
        raise PermissionDenied
    with transaction.atomic():
        locked = PupilImport.objects.select_for_update().select_related("organisation").get(pk=pupil_import.pk)
        if locked.status != ImportStatus.CHECKED:
            raise ValidationError({"status": _("Check the list first; then import it.")})
        report = _run(user, locked, locked.mapping, valid_only=locked.valid_only, apply=True, request=request)
        # All or nothing with a wrong row: nothing was written; the school sees why and may choose again.
        status = ImportStatus.IMPORTED if report.applied else ImportStatus.CHECKED
        return change_status(user, locked, status, request=request, report=report.as_dict())


def cancel(user, pupil_import: PupilImport, *, request=None) -> PupilImport:
    if not can(user, "change", pupil_import):
        raise PermissionDenied
    return change_status(user, pupil_import, ImportStatus.CANCELLED, request=request)
