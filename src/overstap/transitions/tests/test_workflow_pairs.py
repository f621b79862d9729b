"""Every (from, to) pair of statuses of the transition workflow, tried against ``change_status``.

A pair outside the map is refused with a Dutch error and leaves the status as it was; every pair in the map is
accepted once its requirements are met, and every status can be reached from "preparing" through the map.

The requirements are set up for each accepted pair: a receiving school, the released categories with the parents'
inspection and view and the required checklist items done before sending, and, because the pupil moves to a VSO
school, a valid TLV VSO before the placement. The case is put in the pair's starting status directly (with its
handover sent from "sent" on), so each pair is tried on its own; reading the handover (which takes "opened" in the
application) is tried as the automatic step it is.
"""

import datetime
from collections import deque

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from overstap.organisations.models import OrganisationType
from overstap.support import models as swv_route
from overstap.testing.factories import MembershipFactory, OrganisationFactory
from overstap.transitions import statuses
from overstap.transitions.models import Handover, Status, TransitionCase
from overstap.transitions.workflow import (
    ALLOWED,
    AUTOMATIC_STEPS,
    RECEIVER_STEPS,
    SENDER_STEPS,
    change_status,
    open_case,
)

from .conftest import TODAY, acting

START = Status.VOORBEREIDING
ENDS = {Status.AFGEROND, Status.INGETROKKEN}


def _reachable(start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for target in ALLOWED[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def test_the_map_covers_every_status_reaches_each_from_the_start_and_has_no_dead_ends():
    assert set(ALLOWED) == set(Status.values), "every status needs its line in the map"
    assert all(set(targets) <= set(Status.values) for targets in ALLOWED.values())
    assert _reachable(START) == set(Status.values), f"unreachable: {set(Status.values) - _reachable(START)}"
    for status in Status:
        assert status not in ALLOWED[status], f"{status} may not follow itself"
        assert _reachable(status) & ENDS, f"from {status} the case can never be closed"
    for end in ENDS:
        assert ALLOWED[end] == set(), f"{end} is final"


@pytest.fixture
def move(world):
    """The pupil moves from the primary school to a VSO school, with a TLV VSO from the SWV VO."""
    vso = OrganisationFactory(type=OrganisationType.VSO, name="VSO De Horizon")
    vso.regions.add(world["vo_region"])
    receiver = acting(MembershipFactory(organisation=vso, role="zorgcoordinator"))
    request = swv_route.SupportRequest.objects.create(
        pupil=world["pupil"],
        school=world["school"],
        swv=world["swv"],
        kind="tlv_vso",
        question="Heeft een kleine groep nodig.",
        requested_by_name="IB'er",
        status="toegekend",
    )
    swv_route.SwvDecision.objects.create(
        request=request,
        granted=True,
        number="TLV-2026-90001",
        start_date=TODAY - datetime.timedelta(days=1),
        end_date=TODAY + datetime.timedelta(days=365),
        funding_category="laag",
        motivation="Past bij de ondersteuningsbehoefte.",
        decided_by_name="TLV-commissie",
    )
    case = open_case(world["ib"].user, world["pupil"], vso, planned_on=TODAY)
    return {"case": case, "sender": world["ib"].user, "receiver": receiver.user}


def _put(case, status: str) -> TransitionCase:
    """The case in this status, with what the earlier steps brought about: the handover released, read by the
    parents, and sent from "sent" on."""
    TransitionCase.objects.filter(pk=case.pk).update(status=status)
    handover, _ = Handover.objects.get_or_create(case=case, recipient=case.to_organisation)
    handover.categories = ["ondersteuningsbehoeften"]
    handover.inzage_on = TODAY
    handover.family_view_waived = True
    handover.sent_at = timezone.now() if status in statuses.SENT_ON else None
    handover.save()
    case.checklist.filter(required=True).update(done_on=TODAY, done_by_name="IB'er")
    return TransitionCase.objects.get(pk=case.pk)


def _who_takes(move, new: str):
    """The side that takes the step: the sending school its own steps, the receiving school the rest."""
    return move["sender"] if new in SENDER_STEPS else move["receiver"]


def test_every_pair_outside_the_map_is_refused_and_leaves_the_status(move):
    """The side is checked before the map. Where a school may take the step it is asked, and must hear the map's
    refusal; a step no school may take from there ("preparing" is nobody's step, a receiving school acts once the
    handover is sent) is asked by the sending school, which sees the case throughout, and must hear that."""
    failures = []
    for old in Status:
        for new in Status:
            if new in ALLOWED[old]:
                continue
            receiver_acts = new in RECEIVER_STEPS and new not in SENDER_STEPS and old in statuses.SENT_ON
            side_may_act = new in SENDER_STEPS or receiver_acts
            user = move["receiver"] if receiver_acts else move["sender"]
            with translation.override("nl"):
                expected = (
                    f"Status: van “{Status(old).label}” kan de overstap niet naar “{Status(new).label}”."
                    if side_may_act
                    else "Status: deze stap zet de andere school."
                )
            with transaction.atomic():
                case = _put(move["case"], old)
                try:
                    with translation.override("nl"):
                        change_status(user, case, new, automatic=new in AUTOMATIC_STEPS)
                except ValidationError as error:
                    message = error.message_dict["status"][0]
                    if message != expected:
                        failures.append(f"{old} → {new}: {message!r}, expected {expected!r}")
                except PermissionDenied:
                    failures.append(f"{old} → {new}: refused without a message")
                else:
                    failures.append(f"{old} → {new}: accepted")
                status = TransitionCase.objects.get(pk=case.pk).status
                if status != old:
                    failures.append(f"{old} → {new}: refused, but the status became {status}")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def test_every_pair_in_the_map_is_accepted_when_its_requirements_are_met(move):
    failures = []
    for old, targets in ALLOWED.items():
        for new in sorted(targets):
            with transaction.atomic():
                case = _put(move["case"], old)
                try:
                    changed = change_status(_who_takes(move, new), case, new, automatic=new in AUTOMATIC_STEPS)
                except (ValidationError, PermissionDenied) as error:
                    failures.append(f"{old} → {new}: refused ({error})")
                else:
                    stored = TransitionCase.objects.get(pk=case.pk).status
                    if changed.status != new or stored != new:
                        failures.append(f"{old} → {new}: status {changed.status}, stored {stored}")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def test_without_the_tlv_the_placement_in_the_map_is_still_refused(move):
    """The requirements are what make an allowed pair go: the same placement without a valid TLV VSO is refused."""
    swv_route.SwvDecision.objects.update(end_date=TODAY - datetime.timedelta(days=1))
    case = _put(move["case"], Status.GEOPEND)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        change_status(move["receiver"], case, Status.GEPLAATST)
    assert refused.value.message_dict["status"][0].startswith("Nog niet mogelijk. Ontbreekt:")
    assert TransitionCase.objects.get(pk=case.pk).status == Status.GEOPEND
