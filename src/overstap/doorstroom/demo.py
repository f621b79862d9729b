"""Demo doorstroomdossiers: Noor (16, 4 vmbo-k at Lindendal College) is writing hers: she wrote part A, the advice
of her decaan is still to come, then she signs. Fleur (Praktijkschool Lindendal) has a ready one, signed by her and,
as she is under 16, agreed to by her mother; it stands as it would after those steps (her family has no demo
account to take them)."""

import datetime

from django.utils import timezone

from overstap.dossiers.demo import _as
from overstap.organisations.models import Organisation
from overstap.pupils.models import Pupil

from .deadlines import school_year_of
from .models import Doorstroomdossier, Released, Route, Status
from .services import save_part_a, start


def load(stdout):
    if Doorstroomdossier.objects.exists():
        stdout.write("Demo doorstroomdossiers: already there.")
        return []
    noor = Pupil.objects.get(family_name="Leeuwen", given_names="Noor")
    as_noor = _as("noor.vanleeuwen")
    dossier = start(as_noor, noor)
    save_part_a(
        as_noor,
        dossier,
        expected_version=dossier.version,
        study_choice="Ik wil de opleiding Pedagogisch medewerker kinderopvang doen op het ROC Lindendal, niveau 3. "
        "Ik heb stage gelopen op een kinderdagverblijf en dat vond ik heel leuk.",
        strengths="Ik kan goed met jonge kinderen omgaan en ik ben geduldig.",
        support_needs="Bij toetsen heb ik extra tijd nodig. Lange teksten lees ik liever met een voorleesprogramma.",
        what_helps="Een vaste plek in de klas en vooraf weten wat er in de les gaat gebeuren.",
    )

    fleur = Pupil.objects.get(family_name="Wouters")
    now = timezone.now()
    Doorstroomdossier.objects.create(
        pupil=fleur,
        school=Organisation.objects.get(name="Praktijkschool Lindendal"),
        school_year=school_year_of(timezone.localdate()),
        route=Route.VO_MBO,
        study_choice="Ik wil naar de Entree-opleiding van het ROC, richting dienstverlening en zorg.",
        strengths="Ik werk netjes en ik help graag anderen.",
        support_needs="Iemand bij wie ik terecht kan als het druk wordt, en korte opdrachten stap voor stap.",
        what_helps="Vooraf weten wat er komt. Een vaste plek.",
        part_a_saved_at=now - datetime.timedelta(days=21),
        advice="Fleur is gemotiveerd en werkt zorgvuldig. Wij adviseren Entree met een vaste coach in de eerste "
        "periode en een rustige werkplek bij toetsen.",
        advice_by_name="Petra Hendriks",
        advice_at=now - datetime.timedelta(days=14),
        released=Released.BOTH,
        status=Status.READY,
        signed_by_name="Fleur Wouters",
        signed_at=now - datetime.timedelta(days=10),
        parent_agreed_by_name="Moeder van Fleur",
        parent_agreed_at=now - datetime.timedelta(days=9),
        version=4,
    )
    stdout.write("Demo doorstroomdossiers: Noor's in progress, Fleur's ready.")
    return []
