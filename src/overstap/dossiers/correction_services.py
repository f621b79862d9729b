"""Correction requests (AVG art. 16): the family asks, the school answers. Every write checks the rule set,
validates with messages naming the field, keeps the request's history and records its audit event in the same
transaction. A correction and an added statement are new versions of the entry (``services.update_entry``), so the
old text stays in the entry's history."""

import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.pupils.scopes import current_enrolments

from . import events, workflow
from .models import ANSWER_WITHIN, CorrectionEvent, CorrectionKind, CorrectionRequest, CorrectionStatus, Entry
from .services import MAX_TEXT, EntryData, update_entry

logger = logging.getLogger(__name__)
MAX_REQUEST_TEXT = 5_000


def check_ask(user, entry: Entry) -> None:
    """Why this family member cannot ask about this entry now, as a message; nothing when they can."""
    if not can(user, "request_correction", entry):
        raise PermissionDenied
    if not current_enrolments(pupil_id=entry.pupil_id, organisation_id=entry.organisation_id).exists():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "%(school)s wrote this, and the pupil is no longer at that school. Please ask %(school)s "
                    "directly to correct it."
                )
                % {"school": entry.organisation}
            }
        )
    if CorrectionRequest.objects.filter(entry=entry, status=CorrectionStatus.OPEN).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: _("There is already a request about this entry. The school will answer it first.")}
        )


def ask_correction(
    user, entry: Entry, *, kind: str, what_is_wrong: str, should_say: str, request=None, now=None
) -> CorrectionRequest:
    check_ask(user, entry)
    errors = {}
    if kind not in CorrectionKind.values:
        errors["kind"] = _("What do you ask: choose one of the two.")
    for name, value, label in (
        ("what_is_wrong", what_is_wrong, _("What is wrong or missing")),
        ("should_say", should_say, _("What should it say")),
    ):
        if not (value or "").strip():
            errors[name] = _("%(field)s: this field is required.") % {"field": label}
        elif len(value) > MAX_REQUEST_TEXT:
            errors[name] = _("%(field)s: at most %(count)s characters.") % {"field": label, "count": MAX_REQUEST_TEXT}
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        correction = CorrectionRequest.objects.create(
            entry=entry,
            pupil_id=entry.pupil_id,
            organisation_id=entry.organisation_id,
            kind=kind,
            what_is_wrong=what_is_wrong.strip(),
            should_say=should_say.strip(),
            entry_version=entry.version,
            asked_by=user,
            asked_by_name=str(user),
            asked_at=now,
            due_on=timezone.localtime(now).date() + ANSWER_WITHIN,
        )
        CorrectionEvent.objects.create(request=correction, at=now, by_name=str(user), to_status=CorrectionStatus.OPEN)
        record(user, Action.CREATE, correction, pupil_id=entry.pupil_id, request=request, detail={"entry": entry.pk})
        events.correction_changed.send(sender=CorrectionRequest, correction=correction)
    return correction


def statement_text(correction: CorrectionRequest, today=None) -> str:
    """The entry's text with the family's statement added below it, marked as theirs. Stored text: written in the
    project's language, whatever language the school's page is in."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("Added at the request of %(name)s (asked on %(asked)s, added on %(day)s):") % {
            "name": correction.asked_by_name,
            "asked": timezone.localtime(correction.asked_at).strftime("%d-%m-%Y"),
            "day": today.strftime("%d-%m-%Y"),
        }
    return f"{correction.entry.text.rstrip()}\n\n{heading}\n{correction.should_say}"


def _entry_data(entry: Entry, text: str) -> EntryData:
    return EntryData(
        category=entry.category,
        title=entry.title,
        text=text,
        domain=entry.domain,
        recorded_on=entry.recorded_on,
        valid_until=entry.valid_until,
    )


def check_answer(user, correction: CorrectionRequest, answer: str, *, text: str = "", note: str = "") -> None:
    """What refuses an answer before it is given: asked before the confirmation page is shown, and again by the
    answer itself."""
    workflow.check_change(user, correction, answer, note=note)
    if answer == CorrectionStatus.CORRECTED:
        if not (text or "").strip():
            raise ValidationError({"text": _("New text: write what the entry should say.")})
        if len(text) > MAX_TEXT:
            raise ValidationError({"text": _("New text: at most %(count)s characters.") % {"count": MAX_TEXT}})
        if text.strip() == correction.entry.text.strip():
            raise ValidationError(
                {"text": _("New text: this is the same as the entry says now. Change it, or choose another answer.")}
            )


def answer_correction(
    user,
    correction: CorrectionRequest,
    answer: str,
    *,
    text: str = "",
    note: str = "",
    expected_version: int,
    request=None,
) -> CorrectionRequest:
    """Corrects the entry (``text``), adds the family's statement to it, or refuses (``note`` is the reason); the
    answer is final and reaches the family. ``expected_version`` is the entry's version the school saw: a change
    in between raises ``services.EditConflict``, and nothing is saved."""
    check_answer(user, correction, answer, text=text, note=note)
    entry = correction.entry
    with transaction.atomic():
        version = None
        if answer == CorrectionStatus.CORRECTED:
            version = update_entry(user, entry, _entry_data(entry, text), expected_version, request=request).version
        elif answer == CorrectionStatus.ADDED:
            fresh = Entry.objects.get(pk=entry.pk)
            correction.entry = fresh
            data = _entry_data(fresh, statement_text(correction))
            version = update_entry(user, fresh, data, expected_version, request=request).version
        answered = workflow.change_status(user, correction, answer, note=note, version=version, request=request)
        _tell_family(answered)
    return answered


def _tell_family(correction: CorrectionRequest) -> None:
    """An e-mail to whoever asked, after the answer is saved. It names no pupil, only where to read the answer."""
    asker = correction.asked_by
    if asker is None or not asker.email or not asker.is_active:
        return
    link = settings.OVERSTAP_BASE_URL.rstrip("/") + reverse("dossiers:correction", args=[correction.pk])

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Overstap: the school answered your request")
            body = _(
                "The school has answered your request to correct the dossier.\n\nLog in to read the answer: "
                "%(link)s\n\nThis e-mail contains no details on purpose."
            ) % {"link": link}
        try:
            send_mail(subject, body, None, [asker.email])
        except OSError:  # the answer stands and is shown in the application
            logger.exception("answer mail could not be sent (correction request %s)", correction.pk)

    transaction.on_commit(send)
