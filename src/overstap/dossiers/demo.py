"""Demo dossier content: entries and a family view, a family's correction requests, OPPs and a plan of approach,
consent and youth care (the SWV route has its own demo in the support app)."""

import datetime

from django.utils import timezone

from overstap.accounts.models import Membership, User
from overstap.consent.services import give_consent
from overstap.pupils.models import Pupil

from .correction_services import ask_correction
from .models import CorrectionKind, Entry
from .plan_services import create_integral_plan, create_opp
from .services import EntryData, create_entry
from .youthcare_services import decide_at_transition, record_youth_care


def _as(username: str, organisation_name: str | None = None) -> User:
    user = User.objects.get(username=username)
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    if organisation_name:
        memberships = memberships.filter(organisation__name=organisation_name)
    user.acting_membership = memberships.first()
    return user


def load(stdout):
    sem = Pupil.objects.get(family_name="Jansen", given_names="Sem Johannes")
    if Entry.objects.filter(pupil=sem).exists():
        stdout.write("Demo dossiers: already there.")
        return []
    today = timezone.localdate()
    ib = _as("ib.regenboog")
    create_entry(
        ib,
        sem,
        EntryData(
            "ontwikkeling",
            "Rekenen",
            "Sem rekent op het niveau van eind groep 6. Breuken en verhoudingen kosten hem veel tijd.",
            domain="basisvaardigheden",
        ),
    )
    structure = create_entry(
        ib,
        sem,
        EntryData(
            "ondersteuningsbehoeften",
            "Structuur en voorspelbaarheid",
            "Sem heeft een vaste dagplanning nodig en hoort veranderingen graag vooraf.",
        ),
    )
    instruction = create_entry(
        ib,
        sem,
        EntryData(
            "handelingsadviezen",
            "Instructie",
            "Geef korte instructie in stappen en laat hem de opdracht in eigen woorden herhalen.",
        ),
    )
    create_entry(
        ib,
        sem,
        EntryData(
            "werkzame_elementen",
            "Wat werkt",
            "Een vaste plek vooraan, een time-timer en een korte check-in met de leerkracht aan het begin van de dag.",
        ),
    )
    old = create_entry(
        ib,
        sem,
        EntryData(
            "geboden_ondersteuning",
            "Leesbegeleiding groep 5",
            "Twee keer per week extra lezen in een klein groepje.",
            recorded_on=today - datetime.timedelta(days=900),
        ),
    )
    from .services import close_entry

    close_entry(ib, old, "Leesniveau is op orde sinds groep 6.")
    create_entry(
        _as("ouder.jansen"),
        sem,
        EntryData(
            "zienswijze",
            "Thuis",
            "Thuis merken we hetzelfde: als Sem "
            "weet wat er komt, gaat het goed. Hij kijkt uit naar de "
            "middelbare school maar is ook zenuwachtig.",
        ),
    )

    # Two requests of Sem's mother to correct the dossier: one just asked, one the school left unanswered for more
    # than four weeks (a signal on the IB'er's home page once the signals are computed).
    mother = _as("ouder.jansen")
    ask_correction(
        mother,
        structure,
        kind=CorrectionKind.ADD,
        what_is_wrong="Er staat niet bij wat thuis helpt bij veranderingen.",
        should_say="Thuis helpt het als we de dag ervoor samen op de kalender kijken wat er anders gaat.",
    )
    ask_correction(
        mother,
        instruction,
        kind=CorrectionKind.CORRECT,
        what_is_wrong="Sem herhaalt de opdracht liever niet hardop in de klas; dat vindt hij spannend.",
        should_say="Laat hem de opdracht in eigen woorden herhalen, het liefst even apart bij de leerkracht.",
        now=timezone.now() - datetime.timedelta(days=33),
    )

    yara = Pupil.objects.get(family_name="Bakker", given_names="Yara")
    create_opp(
        _as("zorg.horizon"),
        yara,
        exit_profile="arbeid",
        exit_level="Arbeid met begeleiding",
        approach="Stage op een vaste werkplek met een jobcoach; op school werken aan werknemersvaardigheden.",
        goals=[
            {
                "area": "Werknemersvaardigheden",
                "goal": "Op tijd komen en afmelden bij ziekte",
                "intermediate_goals": "Zelf de wekker zetten\nZelf de stage bellen bij ziekte",
                "target_date": today + datetime.timedelta(days=240),
            }
        ],
        evaluations=[today + datetime.timedelta(days=60), today + datetime.timedelta(days=180)],
    )

    # Finn (groep 8) goes to the Praktijkschool: his school wrote an OPP and a plan of approach for him, the child,
    # his family and his teacher; both go with his handover (transitions/demo.py), for the new school to carry on.
    finn = Pupil.objects.get(family_name="Dam", given_names="Finn")
    create_opp(
        ib,
        finn,
        exit_profile="vervolgonderwijs",
        exit_level="Praktijkonderwijs, daarna mbo Entree",
        approach="Leren door te doen: korte opdrachten met een duidelijk eind, en elke week een praktijkmiddag.",
        goals=[
            {
                "area": "Rekenen",
                "goal": "Rekenen met geld in alledaagse situaties",
                "intermediate_goals": "Bedragen tot 100 euro optellen\nWisselgeld teruggeven",
                "target_date": today + datetime.timedelta(days=150),
            },
            {
                "area": "Werkhouding",
                "goal": "Een opdracht van een half uur zelfstandig afmaken",
                "intermediate_goals": "Zelf een timer zetten\nHulp vragen op een afgesproken manier",
            },
        ],
        evaluations=[today + datetime.timedelta(days=45), today + datetime.timedelta(days=160)],
    )
    create_integral_plan(
        ib,
        finn,
        coordinator="Inge Bakker",
        evaluation_on=today + datetime.timedelta(days=75),
        actions=[
            {
                "for_whom": "kind",
                "what": "Training sociale vaardigheden in een klein groepje",
                "delivered_by": "Wijkteam en CJG Lindendal",
                "start_on": today - datetime.timedelta(days=60),
                "end_on": today + datetime.timedelta(days=120),
            },
            {
                "for_whom": "gezin",
                "what": "Opvoedondersteuning thuis, eens per twee weken",
                "delivered_by": "Wijkteam en CJG Lindendal",
                "start_on": today - datetime.timedelta(days=30),
            },
            {
                "for_whom": "leerkracht",
                "what": "Begeleiding in de klas bij het geven van instructie in kleine stappen",
                "delivered_by": "SWV PO Lindendal e.o.",
                "start_on": today - datetime.timedelta(days=30),
            },
        ],
    )

    noor = Pupil.objects.get(family_name="Leeuwen")
    college = Membership.objects.get(user__username="zorg.college").organisation
    give_consent(_as("noor.vanleeuwen"), noor, "jeugdhulp", college)
    zorg = _as("zorg.college")
    care = record_youth_care(
        zorg,
        noor,
        provider="Wijkteam en CJG Lindendal",
        worker="Joyce Meijer",
        care_type="wijkteam",
        start_on=today - datetime.timedelta(days=200),
        municipality=noor.municipality,
    )
    decide_at_transition(
        zorg,
        care,
        moment="VO-MBO",
        decision="voortzetten",
        note="Joyce blijft betrokken tot na de eerste periode op het mbo.",
    )
    stdout.write(
        "Demo dossiers: entries, a family view, correction requests, OPPs, a plan of approach, consent and youth care."
    )
    return []
