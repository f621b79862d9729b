"""Consent asked in the context of a move: which categories that need consent this move would carry, asking the
family about each of them for the move's recipient, and the family's answer.

The question is kept here, beside the move it is about; the answer "yes" is a consent record written through
``consent.services``, so that a withdrawal works as for every other consent: from the next request on. The status
of a question changes only through ``change_status``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.consent.categories import Category
from overstap.consent.engine import basis_for, recipient_for
from overstap.consent.models import Consent
from overstap.consent.services import give_consent
from overstap.matrix.loader import get_matrix
from overstap.pupils.scopes import current_enrolments

from .handover import NOT_OFFERED, SELECTION_OPEN, current_handover
from .models import ConsentAsk, ConsentAskStatus, TransitionCase

A = ConsentAskStatus
# Which answer may follow which: an open question is answered once, yes or no. Asking again is a new question.
ALLOWED: dict[str, set[str]] = {A.OPEN: {A.GIVEN, A.REFUSED}, A.GIVEN: set(), A.REFUSED: set()}

# What the school sees on the case for each category and recipient.
GIVEN, WITHDRAWN, REFUSED, OPEN, NOT_ASKED = "given", "withdrawn", "refused", "open", "not_asked"


def recipients(case: TransitionCase) -> list:
    """The organisations this move hands information to: the receiving school, never a school the pupil is at now
    (what it knows, it knows already)."""
    if case.to_organisation_id is None:
        return []
    here = current_enrolments(pupil=case.pupil_id, organisation=case.to_organisation_id).exists()
    return [] if here else [case.to_organisation]


def needed_categories(case: TransitionCase, recipient, *, handover=None, not_applying=None) -> list[str]:
    """The categories this move would carry to this recipient that need consent: those the school chose for the
    handover and those the matrix lists for this transition (unless marked as not applying to this pupil), where
    the legal-basis engine says "consent". A page that has the handover and the checklist passes them in."""
    handover = handover if handover is not None else current_handover(case)
    chosen = set(handover.categories) if handover is not None else set()
    if not_applying is None:
        not_applying = set(case.checklist.filter(applies=False).values_list("key", flat=True))
    listed = {item.category for item in get_matrix().transition(case.code).items if item.key not in not_applying}
    kind = recipient_for(recipient) or ""
    return [
        category
        for category in Category.values
        if category not in NOT_OFFERED
        and (category in chosen or category in listed)
        and basis_for(category, kind, case.code).needs_consent
    ]


@dataclass(frozen=True)
class Row:
    """One category for one recipient of the move, as the school sees it on the case."""

    category: str
    recipient: object
    state: str
    ask: ConsentAsk | None
    consent: Consent | None

    @property
    def label(self) -> str:
        return Category(self.category).label

    @property
    def askable(self) -> bool:
        return self.state in (NOT_ASKED, REFUSED, WITHDRAWN)


def overview(case: TransitionCase, *, handover=None, not_applying=None) -> list[Row]:
    """Per category that needs consent and recipient of the move: given, withdrawn, refused, asked or not asked yet.
    Read at every request, so a withdrawal shows on the next one. Three queries (the enrolment, the questions, the
    consents) when the page passes in the handover and the checklist's items that do not apply."""
    rows = []
    now = timezone.now()
    for recipient in recipients(case):
        categories = needed_categories(case, recipient, handover=handover, not_applying=not_applying)
        if not categories:
            continue
        asks: dict[str, ConsentAsk] = {}
        for question in case.consent_asks.filter(recipient=recipient, category__in=categories):
            asks.setdefault(question.category, question)  # newest first
        valid: dict[str, Consent] = {}
        withdrawn: dict[str, Consent] = {}
        for consent in Consent.objects.filter(
            pupil=case.pupil_id, recipient=recipient, category__in=categories, given_at__lte=now
        ).order_by("-given_at"):
            if consent.withdrawn_at is None or consent.withdrawn_at > now:
                valid.setdefault(consent.category, consent)  # the newest valid one, as has_consent reads it
            else:
                withdrawn.setdefault(consent.category, consent)
        for category in categories:
            question = asks.get(category)
            consent = valid.get(category)
            if consent is not None:
                state = GIVEN
            elif question is not None and question.status == A.OPEN:
                state = OPEN
            elif (
                question is not None
                and question.status == A.REFUSED
                and (category not in withdrawn or withdrawn[category].withdrawn_at < question.answered_at)
            ):
                state = REFUSED
            else:
                consent = withdrawn.get(category)
                state = WITHDRAWN if consent is not None else NOT_ASKED
            rows.append(Row(category, recipient, state, question, consent))
    return rows


def ask(user, case: TransitionCase, categories: list[str], *, request=None) -> list[ConsentAsk]:
    """The sending school asks the family about these categories, for the move's recipient. A category that needs
    no consent, or that the move does not carry, is refused; one with an open question or a valid consent is not
    asked twice."""
    if not can(user, "change", case):
        raise PermissionDenied
    if case.status not in SELECTION_OPEN:
        raise ValidationError({"categories": _("Questions: the handover has been sent; there is nothing left to ask.")})
    if not categories:
        raise ValidationError({"categories": _("Questions: choose at least one kind of information to ask about.")})
    created = []
    with transaction.atomic():
        locked = TransitionCase.objects.select_for_update().get(pk=case.pk)
        rows = overview(locked)
        for category in categories:
            if not any(row.category == category for row in rows):
                label = Category(category).label if category in Category.values else category
                raise ValidationError(
                    {"categories": _("Questions: “%(category)s” needs no consent for this move.") % {"category": label}}
                )
        for row in rows:
            if row.category in categories:
                category, recipient = row.category, row.recipient
                if not row.askable:
                    continue
                try:
                    with transaction.atomic():
                        question = ConsentAsk.objects.create(
                            case=locked,
                            category=category,
                            recipient=recipient,
                            asked_by_name=str(user),
                            asked_at=timezone.now(),
                        )
                except IntegrityError:  # asked at the same moment by a colleague
                    continue
                record(
                    user,
                    Action.CREATE,
                    question,
                    pupil_id=locked.pupil_id,
                    request=request,
                    detail={"case": locked.pk, "category": category, "recipient": recipient.pk},
                )
                created.append(question)
    return created


def change_status(user, question: ConsentAsk, status: str, *, request=None) -> ConsentAsk:
    """The family answers: yes (a consent record, from the one who decides on consent for the pupil) or no. The one
    function that changes a question's status."""
    if status not in ALLOWED:
        raise ValidationError({"answer": _("Your answer: choose yes or no.")})
    if not can(user, "answer", question):
        raise PermissionDenied
    with transaction.atomic():
        locked = ConsentAsk.objects.select_for_update().select_related("case__pupil", "recipient").get(pk=question.pk)
        if status not in ALLOWED[locked.status]:
            raise ValidationError({"answer": _("Your answer: this question was answered already.")})
        if locked.case.status not in SELECTION_OPEN:
            raise ValidationError({"answer": _("Your answer: the handover has been sent; this question is closed.")})
        now = timezone.now()
        if status == A.GIVEN:
            locked.consent = give_consent(
                user, locked.case.pupil, locked.category, locked.recipient, request=request, now=now
            )
        else:
            record(
                user,
                Action.CONSENT_CHANGE,
                locked,
                pupil_id=locked.case.pupil_id,
                request=request,
                detail={"refused": locked.category, "recipient": locked.recipient_id},
            )
        previous = locked.status
        locked.status = status
        locked.answered_by_name = str(user)
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_by_name", "answered_at", "consent"])
        record(
            user,
            Action.STATUS_CHANGE,
            locked,
            pupil_id=locked.case.pupil_id,
            request=request,
            detail={"from": previous, "to": status},
        )
    return locked
