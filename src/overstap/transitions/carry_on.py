"""Continuity across the seam: the receiving school carries on the OPP or plan of approach it received.

The handover is frozen (ADR 0006): what the sender wrote stays the sender's, in the sender's dossier and in the
handover. The receiving school starts a plan of its own from a received one: the form is filled in from the frozen
copy for review, and what it saves is a new plan in its own organisation's name that records whose plan it was
based on and when that arrived. Only the plans the legal basis let through are there to carry on: an OPP or
arrangement section that was not released is simply not in the handover. See ADR 0013.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404

from overstap.accounts.roles import DOSSIER_OWNER_ROLES
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.consent.categories import Category
from overstap.dossiers.plan_services import BasedOn

from . import statuses
from .models import Handover, TransitionCase

# Which handover section holds which kind of plan.
KINDS = {"opp": Category.OPP, "plan": Category.ARRANGEMENT}


@dataclass(frozen=True)
class Received:
    """One plan as it arrived: from which handover, whose it was, and what it said."""

    handover: Handover
    kind: str
    index: int
    item: dict

    @property
    def based_on(self) -> BasedOn:
        return BasedOn(
            organisation=self.handover.case.from_organisation,
            received_on=self.received_on,
            handover_id=self.handover.pk,
        )

    @property
    def received_on(self) -> datetime.date:
        from django.utils import timezone

        return timezone.localdate(self.handover.received_at)


def received_handovers(user, pupil) -> list[Handover]:
    """The handovers about this pupil that the user's organisation received, oldest first: the pupil's earlier
    stages as this school knows them. Through the checkpoint: the receiver reads a handover once it was sent."""
    actor = actor_for(user)
    if actor.organisation is None or actor.role not in DOSSIER_OWNER_ROLES:  # only they read a received handover
        return []
    cases = TransitionCase.objects.for_user(user, "read_handover").filter(
        pupil=pupil, to_organisation=actor.organisation
    )
    return list(
        Handover.objects.filter(case__in=cases, recipient=actor.organisation, received_at__isnull=False)
        .select_related("case__from_organisation")
        .order_by("received_at", "pk")
    )


def may_carry_on(user, case: TransitionCase) -> bool:
    """The receiving school's dossier owners (IB'er, zorgcoördinator), once they confirmed receipt."""
    actor = actor_for(user)
    return (
        actor.role in DOSSIER_OWNER_ROLES
        and case.status in statuses.RECEIVED_ON
        and actor.organisation is not None
        and actor.organisation.pk == case.to_organisation_id
        and can(user, "receive", case)
    )


def plans_in(handover: Handover, kind: str) -> list[dict]:
    """The plans of one kind in the frozen copy; none when the section was not released."""
    category = KINDS[kind]
    for section in (handover.content or {}).get("sections", []):
        if section.get("category") == category:
            return list(section.get("items", []))
    return []


def received_plan(user, case: TransitionCase, kind: str, index: int) -> Received | None:
    """One received plan the user may carry on; None while the case is not (or no longer) at that stage, 404 when
    the plan is not there for them."""
    if kind not in KINDS:
        raise Http404
    if actor_for(user).role not in DOSSIER_OWNER_ROLES or not can(user, "receive", case):
        raise Http404
    if not may_carry_on(user, case):
        return None
    handover = (
        Handover.objects.filter(case=case, recipient_id=case.to_organisation_id, received_at__isnull=False)
        .select_related("case__from_organisation")
        .first()
    )
    if handover is None:
        raise Http404
    items = plans_in(handover, kind)
    if not 0 <= index < len(items):
        raise Http404
    return Received(handover, kind, index, items[index])


def _day(value: str):
    return datetime.date.fromisoformat(value) if value else None


def opp_initial(received: Received) -> tuple[dict, list[dict]]:
    """The OPP form and its goals, filled in from the received OPP. A handover frozen before the parts travelled
    with it gives the text as the approach."""
    parts = received.item.get("plan") or {}
    planned = [_day(day) for day in parts.get("evaluations", [])]
    initial = {
        "exit_profile": parts.get("exit_profile", ""),
        "exit_level": parts.get("exit_level", ""),
        "approach": parts.get("approach", received.item.get("text", "")),
        "first_evaluation": planned[0] if planned else None,
        "second_evaluation": planned[1] if len(planned) > 1 else None,
    }
    goals = [
        {
            "area": goal.get("area", ""),
            "goal": goal.get("goal", ""),
            "intermediate_goals": goal.get("intermediate_goals", ""),
            "target_date": _day(goal.get("target_date", "")),
        }
        for goal in parts.get("goals", [])
    ]
    return initial, goals


def plan_initial(received: Received) -> tuple[dict, list[dict]]:
    parts = received.item.get("plan") or {}
    initial = {"coordinator": parts.get("coordinator", ""), "evaluation_on": _day(parts.get("evaluation_on", ""))}
    actions = [
        {
            "for_whom": action.get("for_whom", ""),
            "what": action.get("what", ""),
            "delivered_by": action.get("delivered_by", ""),
            "start_on": _day(action.get("start_on", "")),
            "end_on": _day(action.get("end_on", "")),
        }
        for action in parts.get("actions", [])
    ]
    return initial, actions
