"""Demo coaching: Noor (16, exam year vmbo-k with LWOO) has no place yet at the ROC (her move from the transitions
demo); the college's overstapcoach has her on the caseload, with a first conversation and a goal they agreed."""

import datetime

from django.utils import timezone

from overstap.accounts.models import Membership
from overstap.dossiers.demo import _as
from overstap.organisations.models import Organisation
from overstap.pupils.models import Pupil
from overstap.transitions.models import Status, TransitionCase

from . import services
from .models import Coaching


def load(stdout):
    if Coaching.objects.exists():
        stdout.write("Demo coaching: already there.")
        return []
    today = timezone.localdate()
    care = _as("zorg.college")
    noor = Pupil.objects.get(family_name="Leeuwen", given_names="Noor")
    # Her open move to the ROC, from the transitions demo (no place yet).
    case = (
        TransitionCase.objects.filter(
            pupil=noor,
            to_organisation=Organisation.objects.get(name="ROC Lindendal"),
            status__in=[Status.GEEN_PLEK, Status.VOORBEREIDING, Status.AANGEMELD],
        )
        .order_by("-pk")
        .first()
    )
    coach = Membership.objects.get(user__username="coach.college")
    coaching = services.assign_coach(care, case, coach)
    as_coach = _as("coach.college")
    services.add_contact(
        as_coach,
        coaching,
        on=today - datetime.timedelta(days=7),
        kind="gesprek",
        note="Kennismaking. Noor wil de opleiding Helpende Zorg en Welzijn; ze ziet op tegen de grote school.",
        next_on=today + datetime.timedelta(days=14),
    )
    services.add_goal(
        as_coach,
        coaching,
        text="Ik ga met mijn mentor naar de open dag van het ROC en weet dan waar mijn lokaal is.",
        due_on=today + datetime.timedelta(days=60),
    )
    stdout.write("Demo coaching: Noor is on the caseload of coach.college.")
    return []
