"""Meetings around a transition (warm handover, introduction, MDO/ZAT, Overstaptafel) with their agreements, and
the receiving school's one-page handover to the new mentor."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can

from .models import Agreement, Meeting, MentorNote, NotificationKind, Participant, TransitionCase
from .statuses import REGISTERED_ON

# The dossier categories whose current entries are the attention points of a meeting.
ATTENTION_CATEGORIES = ("ondersteuningsbehoeften", "handelingsadviezen", "werkzame_elementen")


def agenda_for(user, case: TransitionCase) -> str:
    """A proposed agenda drawn from the dossier's attention points, the open checklist and open agreements.

    The sending school proposes from its own entries in the categories it released; the receiving school from
    what it received (the frozen handover), and nothing from the dossier before it was sent."""
    from overstap.consent.categories import Category
    from overstap.dossiers.models import Entry

    from .handover import current_handover

    lines = [_("Introductions, and what the pupil and parents want to say first")]
    handover = current_handover(case)
    if can(user, "change", case):
        released = [c for c in ATTENTION_CATEGORIES if handover is not None and c in handover.categories]
        today = timezone.localdate()
        entries = (
            Entry.objects.filter(
                pupil=case.pupil, category__in=released, organisation=case.from_organisation, closed_at__isnull=True
            )
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .order_by("category", "-recorded_on")
        )
        lines.extend(f"{entry.get_category_display()}: {entry.title}" for entry in entries)
        for item in case.checklist.filter(done_on__isnull=True, applies=True, required=False):
            lines.append(_("Still open: %(item)s") % {"item": item.text})
    elif handover is not None and handover.sent_at is not None:
        for section in handover.content.get("sections", []):
            if section["category"] in ATTENTION_CATEGORIES:
                label = Category(section["category"]).label
                lines.extend(f"{label}: {item['title']}" for item in section["items"])
    open_agreements = Agreement.objects.filter(meeting__case=case, done_on__isnull=True).exclude(
        meeting__kind="mdo_zat"
    )
    for agreement in open_agreements:
        lines.append(
            _("Agreement to follow up: %(text)s (%(who)s)") % {"text": agreement.text, "who": agreement.owner_name}
        )
    lines.append(_("Agreements: who does what, and when we look back"))
    return "\n".join(f"{number}. {line}" for number, line in enumerate(lines, start=1))


def record_meeting(
    user,
    case: TransitionCase,
    *,
    kind: str,
    held_on,
    location: str = "",
    agenda: str = "",
    notes: str = "",
    follow_up_on=None,
    participants: list[dict],
    agreements: list[dict],
    request=None,
) -> Meeting:
    """Records a meeting: who took part, what was discussed and the agreements, each with an owner and a date."""
    if not can(user, "meet", case):
        raise PermissionDenied
    errors = {}
    if not participants:
        errors["participants"] = _("Participants: name at least one person who takes part.")
    for number, agreement in enumerate(agreements, start=1):
        if not agreement.get("owner_name") or not agreement.get("due_on"):
            errors.setdefault("agreements", []).append(
                _("Agreement %(number)s: give who does it and before when.") % {"number": number}
            )
    if follow_up_on and follow_up_on < held_on:
        errors["follow_up_on"] = _("Follow-up on: choose a date after the meeting.")
    if errors:
        raise ValidationError(errors)
    actor = actor_for(user)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            case=case,
            kind=kind,
            held_on=held_on,
            location=location.strip(),
            agenda=agenda.strip(),
            notes=notes.strip(),
            follow_up_on=follow_up_on,
            organiser=actor.organisation,
            created_by_name=str(user),
        )
        Participant.objects.bulk_create(
            Participant(meeting=meeting, name=p["name"].strip(), role=p["role"]) for p in participants
        )
        Agreement.objects.bulk_create(
            Agreement(meeting=meeting, text=a["text"].strip(), owner_name=a["owner_name"].strip(), due_on=a["due_on"])
            for a in agreements
        )
        record(user, Action.CREATE, meeting, pupil_id=case.pupil_id, request=request, detail={"kind": kind})
        # The other school hears of it, so nobody is surprised by an invitation or an agreement.
        # (Only when that school may see the case: a move still being prepared is not announced to the new school.)
        other = case.to_organisation if actor.organisation == case.from_organisation else case.from_organisation
        visible = other is not None and (other == case.from_organisation or case.status in REGISTERED_ON)
        if visible and kind != "mdo_zat":
            from .notifications import notify

            notify(other, case, NotificationKind.MEETING)
    return meeting


def agreement_done(user, agreement: Agreement, *, request=None) -> Agreement:
    if not can(user, "meet", agreement.meeting.case):
        raise PermissionDenied
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.done_on is None:
            locked.done_on = timezone.localdate()
            locked.done_by_name = str(user)
            locked.save(update_fields=["done_on", "done_by_name"])
            record(
                user,
                Action.UPDATE,
                agreement.meeting,
                pupil_id=agreement.meeting.case.pupil_id,
                request=request,
                detail={"agreement_done": locked.pk},
            )
    return locked


class StaleNote(Exception):
    """Someone else saved the mentor note after this editor opened it."""

    def __init__(self, current: MentorNote):
        super().__init__("stale mentor note")
        self.current = current


def save_mentor_note(user, case: TransitionCase, text: str, expected_version: int, *, request=None) -> MentorNote:
    """Saves the one-page note for the new mentor; a save based on an older version is refused (StaleNote)."""
    if not can(user, "write_mentor_note", case):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("What the mentor must know: write at least a few lines.")})
    try:
        with transaction.atomic():
            note = MentorNote.objects.select_for_update().filter(case=case).first()
            current_version = note.version if note else 0
            if expected_version != current_version:
                raise StaleNote(note)
            if note is None:
                note = MentorNote(case=case, text=text, written_by_name=str(user), version=1)
            else:
                note.text, note.written_by_name, note.version = text, str(user), note.version + 1
            note.save()
            record(user, Action.UPDATE, case, request=request, detail={"mentor_note": note.version})
    except IntegrityError:  # two first notes at the same moment: the other one won
        raise StaleNote(MentorNote.objects.get(case=case)) from None
    return note
