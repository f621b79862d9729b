"""The cold handover: which categories of the dossier go to the receiving organisation, on which legal basis, and
what exactly was sent.

Before sending, the content is built live from the dossier (a preview for the school, the inspection copy for the
family). At sending it is frozen into ``Handover.content``: the receiver reads, and the report prints, exactly what
was sent, with the basis of each section, even if the dossier changes afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, Role
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.consent.categories import SENSITIVE_CATEGORIES, Basis, Category
from overstap.consent.engine import Decision, basis_for, recipient_for
from overstap.consent.models import Consent
from overstap.consent.services import has_consent
from overstap.doorstroom.models import Route
from overstap.doorstroom.selectors import released_content
from overstap.dossiers.plan_services import goals_snapshot, plan_snapshot
from overstap.pupils.scopes import family_pupils, speaks_to_pupil

from .models import FamilyVerdict, Handover, Status, TransitionCase

# Categories the sender never picks by hand: the BSN travels through the registration systems, not a handover.
NOT_OFFERED = {Category.BSN}
# While these statuses last, the sender may still change the selection (a change during the parents'
# inspection means they read it again).
SELECTION_OPEN = {Status.VOORBEREIDING, Status.AANGEMELD, Status.INZAGE_OUDERS}


@dataclass(frozen=True)
class Offer:
    """One category as the sender sees it: its basis, the consent it rests on, and whether it may be picked."""

    category: Category
    decision: Decision
    consent: object | None

    @property
    def pickable(self) -> bool:
        return not self.decision.forbidden

    @property
    def ready(self) -> bool:
        """May go now: pickable, and with consent where the basis is consent."""
        return self.pickable and (not self.decision.needs_consent or self.consent is not None)


def current_handover(case: TransitionCase) -> Handover | None:
    """The stored handover to the case's current receiving organisation: None while there is no receiving
    organisation, or nothing was prepared for it yet. Only reads; ``ensure_handover`` creates it."""
    if case.to_organisation_id is None:
        return None
    return Handover.objects.filter(case=case, recipient_id=case.to_organisation_id).first()


def handover_or_blank(case: TransitionCase) -> Handover | None:
    """For pages that show the handover: the stored one, or an empty one that is not saved while nothing was
    prepared yet (nothing chosen, not read, not sent). None while there is no receiving organisation."""
    if case.to_organisation_id is None:
        return None
    return current_handover(case) or Handover(case=case, recipient_id=case.to_organisation_id)


def ensure_handover(case: TransitionCase) -> Handover:
    """The handover to the current receiving organisation, created when it does not exist yet. For the write paths
    only; one handover per case and recipient, also when two requests create it at once."""
    if case.to_organisation_id is None:
        raise ValidationError({"categories": _("Categories: first choose the receiving school.")})
    handover, _created = Handover.objects.get_or_create(case=case, recipient_id=case.to_organisation_id)
    return handover


def sent_handover(case: TransitionCase) -> Handover | None:
    """For everyone but the sender: the handover exists for them only once it has been sent."""
    if case.to_organisation_id is None:
        return None
    return case.handovers.filter(recipient_id=case.to_organisation_id, sent_at__isnull=False).first()


def offers(case: TransitionCase) -> list[Offer]:
    """Every category, with the basis on which it may go to the receiving organisation at this transition."""
    recipient = case.to_organisation
    kind = recipient_for(recipient) if recipient is not None else "school"
    result = []
    for category in Category:
        if category in NOT_OFFERED:
            continue
        decision = basis_for(category, kind or "", case.code)
        consent = None
        if decision.needs_consent and recipient is not None:
            consent = has_consent(case.pupil, category, recipient)
        result.append(Offer(Category(category), decision, consent))
    return result


def choose_categories(user, case: TransitionCase, categories: list[str], *, expected_version: int, request=None):
    """Records which categories go. A forbidden category is refused, and so is a change once the handover left."""
    if not can(user, "change", case):
        raise PermissionDenied
    if case.to_organisation_id is None:
        raise ValidationError({"categories": _("Categories: first choose the receiving school.")})
    by_key = {offer.category.value: offer for offer in offers(case)}
    errors = []
    for key in categories:
        offer = by_key.get(key)
        if offer is None or not offer.pickable:
            label = Category(key).label if key in Category.values else key
            errors.append(_("Categories: “%(category)s” may never be passed on.") % {"category": label})
    if errors:
        raise ValidationError({"categories": errors})
    with transaction.atomic():
        locked = TransitionCase.objects.select_for_update().get(pk=case.pk)
        if locked.status not in SELECTION_OPEN:
            raise ValidationError({"categories": _("Categories: the handover has been sent and cannot change.")})
        handover = Handover.objects.select_for_update().get(pk=ensure_handover(locked).pk)
        if handover.version != expected_version:
            raise ValidationError(
                {"categories": _("Categories: someone else changed the selection just now. Check it and save again.")}
            )
        chosen = [c for c in Category.values if c in set(categories)]
        changed = chosen != handover.categories
        handover.categories = chosen
        handover.version += 1
        if changed and locked.status == Status.INZAGE_OUDERS and handover.inzage_on:
            # The parents read another selection; they read this one again before it can go.
            handover.inzage_on = None
            handover.inzage_by_name = ""
            handover.inzage_by_family = False
            handover.family_verdict = ""
        handover.save()
        record(user, Action.UPDATE, locked, request=request, detail={"released": chosen})
    return handover


def _lock_in_inspection(case: TransitionCase) -> None:
    """Locks the case and checks, under the lock, that the parents are still reading: once the report is sent,
    nothing may be added that the family would think travels with it."""
    locked = TransitionCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != Status.INZAGE_OUDERS:
        raise ValidationError({"status": _("The parents' view is recorded while they read the report.")})


def record_inzage(user, case: TransitionCase, on, *, by_name: str, verdict: str = "", request=None) -> Handover:
    """The school records when the parents (or the pupil from 16) read the report, e.g. on paper at school, and,
    if they said so, whether they agree with it."""
    if not can(user, "change", case):
        raise PermissionDenied
    if case.status != Status.INZAGE_OUDERS:
        raise ValidationError({"inzage_on": _("Inspection date: the parents read the report after it is released.")})
    if on is None or on > timezone.localdate():
        raise ValidationError({"inzage_on": _("Inspection date: give a date that is not in the future.")})
    if not by_name.strip():
        raise ValidationError({"by_name": _("Read by: say who read the report.")})
    if verdict and verdict not in FamilyVerdict.values:
        raise ValidationError({"verdict": _("Agree or not: choose one of the answers, or leave it open.")})
    with transaction.atomic():
        _lock_in_inspection(case)
        handover = Handover.objects.select_for_update().get(pk=ensure_handover(case).pk)
        handover.inzage_on = on
        handover.inzage_by_name = by_name.strip()
        handover.inzage_by_family = False
        handover.family_verdict = verdict
        handover.save(update_fields=["inzage_on", "inzage_by_name", "inzage_by_family", "family_verdict"])
        record(user, Action.UPDATE, case, request=request, detail={"inzage_on": on.isoformat(), "verdict": verdict})
    return handover


def confirm_inzage(user, case: TransitionCase, *, verdict: str, text: str = "", request=None) -> Handover:
    """The parents, or the pupil from 16, say themselves that they read the report before it goes ("Ik heb het
    gelezen"), whether they agree with it, and their view, which travels with it. Opening the page records no
    reading: only this does. Until the report is sent they may change their answer."""
    if not can(user, "give_view", case):
        raise PermissionDenied
    if verdict not in FamilyVerdict.values:
        raise ValidationError({"verdict": _("Agree or not: choose whether you agree with the report.")})
    text = (text or "").strip()
    if verdict == FamilyVerdict.DISAGREE and not text:
        raise ValidationError(
            {
                "text": _("What you think: write what you see differently, so that your new school reads it too.")
                if speaks_to_pupil(user, case.pupil)
                else _("Your view: write what you see differently, so that the new school reads it too.")
            }
        )
    with transaction.atomic():
        _lock_in_inspection(case)
        handover = Handover.objects.select_for_update().get(pk=ensure_handover(case).pk)
        handover.inzage_on = timezone.localdate()
        handover.inzage_by_name = str(user)
        handover.inzage_by_family = True
        handover.family_verdict = verdict
        earlier, by = handover.family_view.strip(), handover.family_view_by_name
        if earlier and by and by != str(user):
            # The other parent (or the pupil) gave a view already: theirs stays, a new one is added beneath it.
            if text and text not in earlier:
                handover.family_view = f"{earlier}\n\n{user}: {text}"
                handover.family_view_by_name = f"{by}, {user}"[:200]
                handover.family_view_at = timezone.now()
        else:
            handover.family_view = text
            handover.family_view_by_name = str(user) if text else ""
            handover.family_view_at = timezone.now() if text else None
        handover.family_view_waived = False
        handover.save()
        record(
            user,
            Action.UPDATE,
            case,
            request=request,
            detail={"inzage_on": handover.inzage_on.isoformat(), "verdict": verdict, "family_view": bool(text)},
        )
    return handover


def waive_family_view(user, case: TransitionCase, *, request=None) -> Handover:
    """The school records that the parents read the report and chose not to add a view."""
    if not can(user, "change", case):
        raise PermissionDenied
    with transaction.atomic():
        _lock_in_inspection(case)
        handover = Handover.objects.select_for_update().get(pk=ensure_handover(case).pk)
        handover.family_view_waived = True
        handover.save(update_fields=["family_view_waived"])
        record(user, Action.UPDATE, case, request=request, detail={"family_view_waived": True})
    return handover


def missing_before_sending(case: TransitionCase) -> list[str]:
    """What the handover still needs before it may be sent."""
    handover = handover_or_blank(case)
    if handover is None:
        return []
    missing = []
    if not handover.categories:
        missing.append(_("the categories that go with the handover"))
    if handover.inzage_on is None:
        missing.append(_("the date on which the parents read the report"))
    if not handover.family_view_recorded:
        missing.append(
            _("the parents' answer (do they agree, and their view), or a note that they chose not to give one")
        )
    by_key = {offer.category.value: offer for offer in offers(case)}
    for key in handover.categories:
        offer = by_key.get(key)
        if offer is not None and offer.pickable and not offer.ready:
            missing.append(_("consent for “%(category)s”") % {"category": offer.category.label})
    # What the matrix or the region's protocol requires for every pupil is done, or set aside with a reason.
    open_items = case.checklist.filter(required=True, done_on__isnull=True, set_aside_at__isnull=True)
    names = [f"“{Truncator(item.text).words(8)}”" for item in open_items]
    if names:
        missing.append(
            ngettext(
                "this required checklist item, done or set aside with a reason: %(items)s",
                "these %(count)d required checklist items, each done or set aside with a reason: %(items)s",
                len(names),
            )
            % {"count": len(names), "items": ", ".join(names)}
        )
    return missing


def _entries(case, category: str) -> list[dict]:
    from overstap.dossiers.models import Entry

    today = timezone.localdate()
    # What the sending school wrote, and the family's own views; earlier schools' entries reached this school
    # through their own handover and are not passed on again by looking them up.
    entries = (
        Entry.objects.filter(pupil=case.pupil, category=category, closed_at__isnull=True)
        .filter(Q(organisation=case.from_organisation) | Q(organisation__isnull=True))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-recorded_on", "-pk")
    )
    return [
        {
            "title": e.title + (f" ({e.get_domain_display()})" if e.domain else ""),
            "text": e.text,
            "by": e.author_name,
            "on": e.recorded_on.isoformat(),
            "family": e.is_view_of_family,
        }
        for e in entries
    ]


def _section_items(case: TransitionCase, category: str) -> list[dict]:
    """The dossier content of one category, as plain titled texts."""
    from overstap.dossiers.models import ENTRY_CATEGORIES
    from overstap.support.selectors import granted_decisions

    pupil = case.pupil
    school = case.from_organisation
    if category in ENTRY_CATEGORIES:
        return _entries(case, category)
    if category == Category.IDENTITEIT:
        return [
            {
                "title": pupil.full_name,
                "text": _("Date of birth: %(date)s") % {"date": pupil.birth_date.strftime("%d-%m-%Y")},
            }
        ]
    if category == Category.INSCHRIJVING:
        return [
            {
                "title": str(e.organisation),
                "text": " – ".join(d.strftime("%d-%m-%Y") if d else _("now") for d in (e.start_date, e.end_date))
                + (f" · {e.get_programme_display()}" if e.programme else ""),
            }
            for e in pupil.enrolments.select_related("organisation").order_by("start_date")
        ]
    if category == Category.OPP:
        items = []
        opps = pupil.opps.filter(organisation=school, closed_on__isnull=True).prefetch_related("goals", "evaluations")
        for opp in opps:
            # Everything that travels is in the text the family reads at inspection, the parts below included.
            lines = []
            for g in opp.goals.all():
                lines.append(f"• {g.area}: {g.goal}" + (f" ({g.target_date:%d-%m-%Y})" if g.target_date else ""))
                lines.extend(f"  – {step}" for step in g.intermediate_list)
            planned = [e.planned_on.strftime("%d-%m-%Y") for e in opp.evaluations.all() if e.held_on is None]
            if planned:
                lines.append(_("Evaluations planned: %(days)s") % {"days": ", ".join(planned)})
            goals = "\n".join(lines)
            items.append(
                {
                    "title": f"{opp.get_exit_profile_display()} · {opp.exit_level}",
                    "text": f"{opp.approach}\n{goals}".strip(),
                    "by": opp.author_name,
                    "on": opp.established_on.isoformat(),
                    # The parts, so that the receiving school can carry the OPP on as its own (carry_on.py).
                    "plan": {
                        "exit_profile": opp.exit_profile,
                        "exit_level": opp.exit_level,
                        "approach": opp.approach,
                        "goals": goals_snapshot(opp),
                        "evaluations": [e.planned_on.isoformat() for e in opp.evaluations.all() if e.held_on is None],
                    },
                }
            )
        return items
    if category == Category.ARRANGEMENT:
        items = []
        for plan in pupil.integral_plans.filter(organisation=school).prefetch_related("actions"):
            # As with the OPP, the text shows every part that travels: the period of each line and the evaluation.
            lines = [
                f"• {a.get_for_whom_display()}: {a.what} ({a.delivered_by}, {a.start_on:%d-%m-%Y}"
                + (f" – {a.end_on:%d-%m-%Y})" if a.end_on else ")")
                for a in plan.actions.all()
            ]
            lines.append(_("Evaluation on %(day)s") % {"day": plan.evaluation_on.strftime("%d-%m-%Y")})
            actions = "\n".join(lines)
            items.append(
                {
                    "title": _("Plan of approach, coordinator %(name)s") % {"name": plan.coordinator},
                    "text": actions,
                    "on": plan.established_on.isoformat(),
                    "plan": plan_snapshot(plan),
                }
            )
        return items
    if category == Category.SWV_BESLUIT:
        decisions = granted_decisions(pupil).select_related("request")
        return [
            {
                "title": f"{d.request.get_kind_display()} {d.number}",
                "text": " – ".join(x.strftime("%d-%m-%Y") if x else "…" for x in (d.start_date, d.end_date))
                + (f" · {d.get_funding_category_display()}" if d.funding_category else ""),
                "on": d.decided_at.date().isoformat(),
            }
            for d in decisions
        ]
    if category == Category.JEUGDHULP:
        return [
            {
                "title": f"{c.provider} ({c.get_care_type_display()})",
                "text": " – ".join(x.strftime("%d-%m-%Y") if x else _("now") for x in (c.start_on, c.end_on)),
                "by": c.worker,
            }
            for c in pupil.youth_care.filter(organisation=school)
        ]
    return []


def build_content(case: TransitionCase, handover: Handover) -> dict:
    """The handover as it would go now: one section per released category with its basis and content."""
    by_key = {offer.category.value: offer for offer in offers(case)}
    sections = []
    for key in handover.categories:
        offer = by_key.get(key)
        if offer is None or not offer.pickable:
            continue
        sections.append(
            {
                "category": key,
                "basis": offer.decision.basis,
                "rule": offer.decision.rule_key,
                "explanation": offer.decision.explanation.nl if offer.decision.explanation else "",
                "consent_given_at": offer.consent.given_at.isoformat() if offer.consent is not None else "",
                # The consent the section rests on: a withdrawal after sending withholds it (see ``content_for``).
                "consent_id": offer.consent.pk if offer.consent is not None else None,
                "items": _section_items(case, key),
            }
        )
    return {
        "pupil": case.pupil.full_name,
        "birth_date": case.pupil.birth_date.isoformat(),
        "code": case.code,
        "from": str(case.from_organisation),
        "to": str(case.to_organisation) if case.to_organisation else "",
        "school_year": case.school_year,
        "planned_on": case.planned_on.isoformat() if case.planned_on else "",
        "sections": sections,
        "inzage_on": handover.inzage_on.isoformat() if handover.inzage_on else "",
        "inzage_by": handover.inzage_by_name,
        "inzage_by_family": handover.inzage_by_family,
        "family_verdict": handover.family_verdict,
        "family_view": handover.family_view,
        "family_view_by": handover.family_view_by_name,
        "family_view_waived": handover.family_view_waived,
        # The student's own doorstroomdossier on a move to MBO or HBO: only a ready one, only the parts the student
        # released; none otherwise.
        "doorstroomdossier": released_content(case.pupil_id, case.code) if case.code in Route.values else None,
    }


def content_for(case: TransitionCase, user=None) -> tuple[Handover | None, dict | None, bool]:
    """What a reader sees: the frozen content once sent, else the live preview. Returns (handover, content, frozen).

    Parents of a pupil of 16 or older do not read the health, youth-care and care-team sections: from 16 the pupil
    decides about those."""
    handover = handover_or_blank(case)
    if handover is None:
        return None, None, False
    frozen = handover.sent_at is not None
    content = _withhold_withdrawn(case, handover) if frozen else build_content(case, handover)
    if user is not None and not _may_read_sensitive(user, case):
        content = {**content, "sections": [s for s in content["sections"] if s["category"] not in SENSITIVE_CATEGORIES]}
    return handover, content, frozen


def _withhold_withdrawn(case: TransitionCase, handover: Handover) -> dict:
    """The frozen content as it may be read now: a section that went on the family's consent, which the family
    withdrew since, shows that it was withdrawn and when, instead of its content. The frozen content itself stays
    as it was sent (the proof of what went); this is read at every request, so a withdrawal applies from the next."""
    content = handover.content
    sections = content.get("sections", [])
    based = [s for s in sections if s.get("basis") == Basis.TOESTEMMING]
    if not based:
        return content
    consents = Consent.objects.filter(pupil=case.pupil_id, recipient=handover.recipient_id)
    by_id = {c.pk: c for c in consents if c.pk in {s.get("consent_id") for s in based}}
    if len(by_id) < len(based):  # sent before the content named its consent: found by category and moment
        by_id |= {c.pk: c for c in consents.filter(category__in=[s["category"] for s in based])}
    now = timezone.now()
    shown = []
    for section in sections:
        consent = _consent_of(section, by_id) if section in based else None
        if consent is not None and consent.withdrawn_at is not None and consent.withdrawn_at <= now:
            section = {
                "category": section["category"],
                "basis": section["basis"],
                "withheld": True,
                "withdrawn_at": timezone.localdate(consent.withdrawn_at).isoformat(),
                "items": [],
            }
        elif consent is not None:
            section = {**section, "consent_id": consent.pk}  # found by moment for a handover sent before ids
        shown.append(section)
    return {**content, "sections": shown}


def _consent_of(section: dict, consents: dict):
    if section.get("consent_id") in consents:
        return consents[section["consent_id"]]
    given = section.get("consent_given_at")
    for consent in consents.values():
        if consent.category == section["category"] and given and consent.given_at.isoformat() == given:
            return consent
    return None


def withheld(content: dict) -> list[str]:
    """The categories of a handover whose content is withheld from its reader because consent was withdrawn."""
    return [s["category"] for s in content.get("sections", []) if s.get("withheld")]


def read_basis(content: dict, frozen: bool) -> str:
    """The bases a reader reads this handover on at this moment, for the audit trail: each shown section's basis,
    and for a section on consent that consent by its id (``toestemming:12``). A sent section whose consent was
    withdrawn is withheld and so no basis of the read; a section in a preview that has no consent (yet) goes
    nowhere on it, and names none. Only a sent section whose consent cannot be told says ``toestemming``."""
    bases = set()
    for section in content.get("sections", []):
        if section.get("withheld"):
            continue
        if section.get("basis") != Basis.TOESTEMMING:
            bases.add(section["basis"])
        elif section.get("consent_id"):
            bases.add(f"{Basis.TOESTEMMING}:{section['consent_id']}")
        elif frozen:
            bases.add(Basis.TOESTEMMING)
    return ",".join(sorted(bases))


def shown(content: dict) -> list[str]:
    """The categories whose content a reader of this handover is shown."""
    return [s["category"] for s in content.get("sections", []) if not s.get("withheld")]


def _may_read_sensitive(user, case: TransitionCase) -> bool:
    actor = actor_for(user)
    if actor.membership is not None:
        return True
    return family_pupils(actor, representatives_only=True, sensitive=True).filter(pupil_id=case.pupil_id).exists()


def sending_summary(case: TransitionCase) -> dict:
    """What the sender confirms before sending: the categories that go, grouped by the legal basis each goes on,
    and who receives them (the organisation and the roles there that read a handover)."""
    handover = handover_or_blank(case)
    chosen = set(handover.categories) if handover is not None else set()
    groups: dict[str, dict] = {}
    for offer in offers(case):
        if offer.category.value in chosen:
            basis = offer.decision.basis
            group = groups.setdefault(basis, {"basis": basis, "label": Basis(basis).label, "categories": []})
            group["categories"].append(offer.category.label)
    return {
        "handover": handover,
        "groups": list(groups.values()),
        "recipient": case.to_organisation,
        "roles": [Role(role).label for role in Role if role in DOSSIER_OWNER_ROLES],
        "missing": missing_before_sending(case),
    }
