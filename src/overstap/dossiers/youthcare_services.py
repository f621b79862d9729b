"""Recording youth care and the decision at each transition (and at 18). Only with the family's consent for
youth-care information to the writer's organisation; every write records its audit event in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.matrix.schema import TRANSITION_CODES

from .models import ADULT_CARE, CareDecision, CareTransition, CareType, YouthCare


def _consent_or_refuse(user, pupil):
    from overstap.consent.services import may_share

    actor = actor_for(user)
    if not can(user, "record_youth_care", pupil):
        raise PermissionDenied
    allowed, _decision, consent = may_share(pupil, "jeugdhulp", actor.organisation, role=actor.role)
    if not allowed:
        raise ValidationError(
            {
                "provider": _(
                    "Youth care: the family has not given consent for youth-care information to your "
                    "organisation. Ask the parents (or the pupil from 16) first."
                )
            }
        )
    # The write's basis is the consent that stands now, named by its id.
    return actor.organisation, f"toestemming:{consent.pk}" if consent is not None else ""


def record_youth_care(
    user, pupil, *, provider, care_type, start_on, worker="", municipality=None, end_on=None, request=None
) -> YouthCare:
    organisation, basis = _consent_or_refuse(user, pupil)
    errors = {}
    if not (provider or "").strip():
        errors["provider"] = _("Provider: name the youth-care provider.")
    if care_type not in CareType.values:
        errors["care_type"] = _("Kind of help: choose one from the list.")
    if not start_on:
        errors["start_on"] = _("From: give the start date.")
    elif end_on and end_on < start_on:
        errors["end_on"] = _("Until: lies before the start date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        care = YouthCare.objects.create(
            pupil=pupil,
            organisation=organisation,
            provider=provider.strip(),
            worker=(worker or "").strip(),
            care_type=care_type,
            municipality=municipality,
            start_on=start_on,
            end_on=end_on,
            recorded_by_name=str(user),
        )
        record(user, Action.CREATE, care, request=request, legal_basis=basis)
    return care


def decide_at_transition(
    user, care: YouthCare, *, moment, decision, to_provider="", note="", request=None
) -> CareTransition:
    """At a school transition, or at 18 (youth care → adult care): continue, hand over or stop."""
    _organisation, basis = _consent_or_refuse(user, care.pupil)
    errors = {}
    if moment not in (*TRANSITION_CODES, ADULT_CARE):
        errors["moment"] = _("Moment: choose a transition or the move to adult care at 18.")
    elif moment == ADULT_CARE and care.pupil.age < 17:
        errors["moment"] = _("Moment: the move to adult care is prepared from age 17.")
    if decision not in CareDecision.values:
        errors["decision"] = _("Decision: choose continue, hand over or stop.")
    elif decision == CareDecision.HAND_OVER and not (to_provider or "").strip():
        errors["to_provider"] = _("New provider: say to whom the help is handed over.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        made = CareTransition.objects.create(
            care=care,
            moment=moment,
            decision=decision,
            to_provider=(to_provider or "").strip(),
            note=(note or "").strip(),
            decided_by_name=str(user),
        )
        record(
            user,
            Action.CREATE,
            made,
            pupil_id=care.pupil_id,
            request=request,
            legal_basis=basis,
            detail={"moment": moment, "decision": decision},
        )
    return made
