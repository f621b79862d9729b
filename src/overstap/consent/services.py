"""Giving and withdrawing consent, deciding whether data may be shared, and breaking confidentiality for safety.

Who decides on consent: the legal representative while the pupil is under 16, the pupil from their 16th birthday.
Consent is read at the moment of each request, so a withdrawal applies from the next request on.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.pupils.models import FamilyLink, Relation

from .categories import Category
from .engine import Decision, basis_for, recipient_for
from .models import BreakGlass, Consent, GivenAs

AGE_OF_CONSENT = 16
MIN_REASON_LENGTH = 30


def decides_consent(pupil, on: datetime.date) -> str:
    """Who gives or withdraws consent for this pupil on this day."""
    return GivenAs.PUPIL if pupil.age_on(on) >= AGE_OF_CONSENT else GivenAs.LEGAL_REPRESENTATIVE


def _check_giver(user, pupil, on: datetime.date) -> str:
    needed = decides_consent(pupil, on)
    links = FamilyLink.objects.filter(user=user, pupil=pupil)
    if needed == GivenAs.PUPIL:
        if not links.filter(relation=Relation.PUPIL).exists():
            raise PermissionDenied(_("From 16 the pupil decides on consent: only the pupil can give or withdraw it."))
    elif not links.filter(legal_representative=True).exists():
        raise PermissionDenied(_("Under 16 a legal representative decides on consent."))
    return needed


def give_consent(user, pupil, category: str, recipient, *, request=None, now=None) -> Consent:
    now = now or timezone.now()
    if category not in Category.values:
        raise ValidationError({"category": _("Kind of information: choose one from the list.")})
    decision = basis_for(category, recipient_for(recipient) or "")
    if decision.forbidden:
        raise ValidationError({"category": _("Kind of information: this may never be shared with this recipient.")})
    given_as = _check_giver(user, pupil, timezone.localtime(now).date())
    with transaction.atomic():
        consent = Consent.objects.create(
            pupil=pupil,
            category=category,
            recipient=recipient,
            given_by=user,
            given_by_name=str(user),
            given_as=given_as,
            given_at=now,
        )
        record(
            user,
            Action.CONSENT_CHANGE,
            consent,
            pupil_id=pupil.pk,
            request=request,
            legal_basis=f"toestemming:{consent.pk}",
            detail={"given": category, "recipient": recipient.pk},
        )
    return consent


def may_withdraw(user, consent: Consent, *, on: datetime.date | None = None) -> bool:
    """Whether this person decides on the pupil's consent now, and so may withdraw this one."""
    try:
        _check_giver(user, consent.pupil, on or timezone.localdate())
    except PermissionDenied:
        return False
    return True


def withdraw_consent(user, consent: Consent, *, request=None, now=None) -> Consent:
    now = now or timezone.now()
    _check_giver(user, consent.pupil, timezone.localtime(now).date())
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = now
            locked.withdrawn_by_name = str(user)
            locked.save(update_fields=["withdrawn_at", "withdrawn_by_name"])
            record(
                user,
                Action.CONSENT_CHANGE,
                locked,
                pupil_id=locked.pupil_id,
                request=request,
                legal_basis=f"toestemming:{locked.pk}",
                detail={"withdrawn": locked.category},
            )
    return locked


def has_consent(pupil, category: str, recipient, *, at=None) -> Consent | None:
    at = at or timezone.now()
    return (
        Consent.objects.filter(pupil=pupil, category=category, recipient=recipient, given_at__lte=at)
        .exclude(withdrawn_at__lte=at)
        .order_by("-given_at")
        .first()
    )


def may_share(
    pupil, category: str, recipient, *, role: str | None = None, transition: str | None = None, at=None
) -> tuple[bool, Decision, Consent | None]:
    """May this category of this pupil's data go to this recipient now? Returns the answer, the basis and the
    consent it rests on (if any)."""
    decision = basis_for(category, recipient_for(recipient, role) or "", transition)
    if decision.forbidden:
        return False, decision, None
    if decision.needs_consent:
        consent = has_consent(pupil, category, recipient, at=at)
        return consent is not None, decision, consent
    return True, decision, None


def break_glass(user, membership, pupil, reason: str, *, request=None) -> BreakGlass:
    """Breaking confidentiality for a child's safety: a written reason, an audit event and a flag for review by the
    organisation's privacy officer."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Reason: describe in at least %(count)s characters why the child's safety requires this.")
                % {"count": MIN_REASON_LENGTH}
            }
        )
    with transaction.atomic():
        event = BreakGlass.objects.create(pupil=pupil, user=user, organisation=membership.organisation, reason=reason)
        record(
            user,
            Action.READ,
            event,
            pupil_id=pupil.pk,
            request=request,
            legal_basis="doorbreking geheimhouding (veiligheid kind)",
            detail={"break_glass": event.pk, "flagged_for_review": True},
        )
    return event


def review_break_glass(user, event: BreakGlass, *, request=None) -> BreakGlass:
    """The privacy officer records that they reviewed a break of confidentiality. It is recorded, and audited,
    once: when two officers press at the same moment, the second is told it was already reviewed."""
    if not can(user, "review", event):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        # Decided by the database: only the update that finds the event unreviewed changes it.
        updated = BreakGlass.objects.filter(pk=event.pk, reviewed_at__isnull=True).update(
            reviewed_at=now, reviewed_by_name=str(user)
        )
        if not updated:
            done = BreakGlass.objects.get(pk=event.pk)
            raise ValidationError(
                {
                    "reviewed": _("Review: %(name)s already reviewed this on %(date)s.")
                    % {"name": done.reviewed_by_name, "date": timezone.localtime(done.reviewed_at).strftime("%d-%m-%Y")}
                }
            )
        record(user, Action.STATUS_CHANGE, event, pupil_id=event.pupil_id, request=request, detail={"reviewed": True})
    event.reviewed_at, event.reviewed_by_name = now, str(user)
    return event
