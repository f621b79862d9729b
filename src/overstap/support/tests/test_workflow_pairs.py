"""Every (from, to) pair of statuses of the SWV route (a support request), tried against its ``change_status``.

A pair outside the map is refused with a Dutch error and leaves the status as it was; every pair in the map is
accepted, both by ``change_status`` itself and by the step of the route that takes it (expert advice starts the
assessment, the TLV committee's decision grants or refuses, with its requirements met: two experts, one of them an
orthopedagoog, dates and a funding category); every status can be reached from "submitted".
"""

import datetime
from collections import deque

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from overstap.organisations.models import OrganisationType, Sector
from overstap.support import models as swv_models
from overstap.support import services as swv_services
from overstap.support import workflow as swv_workflow
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
Status = swv_models.Status
START = Status.SUBMITTED
ENDS = {Status.GRANTED, Status.REFUSED, Status.WITHDRAWN}
TODAY = timezone.localdate()


def _reachable(start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for target in swv_workflow.ALLOWED[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def test_the_map_covers_every_status_reaches_each_from_submitted_and_ends_in_a_decision_or_withdrawal():
    allowed = swv_workflow.ALLOWED
    assert set(allowed) == set(Status.values), "every status needs its line in the map"
    assert _reachable(START) == set(Status.values), f"unreachable: {set(Status.values) - _reachable(START)}"
    for status in Status:
        assert status not in allowed[status], f"{status} may not follow itself"
        assert _reachable(status) & ENDS, f"from {status} the request never ends"
    for end in ENDS:
        assert allowed[end] == set(), f"{end} is final"


@pytest.fixture
def route():
    region = RegionFactory(sector=Sector.PO, code="PO 93-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Lindendal")
    for organisation in (school, swv):
        organisation.regions.add(region)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    people = {
        role: MembershipFactory(organisation=organisation, role=role)
        for role, organisation in (
            ("ib", school),
            ("orthopedagoog", swv),
            ("swv_consulent", swv),
            ("tlv_commissie", swv),
        )
    }
    for membership in people.values():
        membership.user.acting_membership = membership
    users = {role: membership.user for role, membership in people.items()}
    support = swv_services.request_support(users["ib"], pupil, "tlv_so", "Loopt vast ondanks een arrangement.")
    return support, users


def _put(support, status: str):
    swv_models.SupportRequest.objects.filter(pk=support.pk).update(status=status)
    return swv_models.SupportRequest.objects.get(pk=support.pk)


def _stored(support) -> str:
    return swv_models.SupportRequest.objects.get(pk=support.pk).status


def test_every_pair_outside_the_map_is_refused_and_leaves_the_status(route):
    support, users = route
    failures = []
    for old in Status:
        for new in Status:
            if new in swv_workflow.ALLOWED[old]:
                continue
            with transaction.atomic():
                current = _put(support, old)
                with translation.override("nl"):
                    expected = f"Status: van “{Status(old).label}” kan de aanvraag niet naar “{Status(new).label}”."
                    try:
                        swv_workflow.change_status(users["tlv_commissie"], current, new)
                    except ValidationError as error:
                        message = error.message_dict["status"][0]
                        if message != expected:
                            failures.append(f"{old} → {new}: {message!r}, expected {expected!r}")
                    else:
                        failures.append(f"{old} → {new}: accepted")
                if _stored(support) != old:
                    failures.append(f"{old} → {new}: refused, but the status became {_stored(support)}")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def test_every_pair_in_the_map_is_accepted(route):
    support, users = route
    failures = []
    for old, targets in swv_workflow.ALLOWED.items():
        for new in sorted(targets):
            with transaction.atomic():
                changed = swv_workflow.change_status(users["tlv_commissie"], _put(support, old), new)
                if changed.status != new or _stored(support) != new:
                    failures.append(f"{old} → {new}: status {changed.status}, stored {_stored(support)}")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def _decision(granted: bool) -> dict:
    if not granted:
        return {"granted": False, "motivation": "De school kan de steun zelf bieden."}
    return {
        "granted": True,
        "motivation": "Meer structuur nodig dan de school kan bieden.",
        "start_date": TODAY,
        "end_date": TODAY + datetime.timedelta(days=730),
        "funding_category": "midden",
    }


def test_each_step_of_the_route_takes_its_pair_of_the_map(route):
    """Advice moves a submitted request into assessment; the decision grants or refuses it; withdrawing is the bare
    step (the withdraw page calls change_status itself, which the pair test above covers)."""
    support, users = route
    taken = set()
    swv_services.give_advice(users["orthopedagoog"], support, "Cluster 4 past het best.", True)
    assert _stored(support) == Status.IN_PROGRESS
    taken.add((Status.SUBMITTED, Status.IN_PROGRESS))
    swv_services.give_advice(users["swv_consulent"], support, "Eens met de orthopedagoog.", True)
    assert _stored(support) == Status.IN_PROGRESS  # a second advice does not step again
    for granted, outcome in ((True, Status.GRANTED), (False, Status.REFUSED)):
        with transaction.atomic():
            swv_services.decide(users["tlv_commissie"], support, **_decision(granted))
            assert _stored(support) == outcome
            taken.add((Status.IN_PROGRESS, outcome))
            transaction.set_rollback(True)
    withdrawals = {
        (old, new) for old, targets in swv_workflow.ALLOWED.items() for new in targets if new == "ingetrokken"
    }
    in_map = {(old, new) for old, targets in swv_workflow.ALLOWED.items() for new in targets}
    assert taken | withdrawals == in_map, f"no step of the route takes {in_map - taken - withdrawals}"


def test_a_decision_on_a_request_still_waiting_for_advice_is_refused(route):
    """Submitted → granted is outside the map, and the decision step refuses it too (no advice yet)."""
    support, users = route
    with pytest.raises((ValidationError, PermissionDenied)):
        swv_services.decide(users["tlv_commissie"], support, **_decision(False))
    assert _stored(support) == Status.SUBMITTED
    assert not swv_models.SwvDecision.objects.filter(request=support).exists()
