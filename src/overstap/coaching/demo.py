"""Demo coaching: Noor (16, exam year vmbo-k with LWOO) moves to the ROC; the college's overstapcoach has her on
the caseload, with a first conversation and a goal they agreed."""

import datetime

from django.utils import timezone

from overstap.accounts.models import Membership
from overstap.dossiers.demo import _as
from overstap.organisations.models import Organisation
from overstap.pupils.models import Pupil
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

from . import services
from .models import Coaching


def load(stdout):
    if Coaching.objects.exists():
        stdout.write("Demo coaching: already there.")
        return []
    today = timezone.localdate()
    care = _as("zorg.college")
    noor = Pupil.objects.get(family_name="Leeuwen", given_names="Noor")
    roc = Organisation.objects.get(name="ROC Lindendal")
    year = today.year if today.month < 8 else today.year + 1
    case = open_case(care, noor, roc, planned_on=datetime.date(year, 8, 31))
    case = change_status(care, case, Status.AANGEMELD)
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
