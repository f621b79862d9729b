"""Demo transitions: the regional protocol, a PO-VO move with LWOO that the parents are reading now (with a question
about consent answered and one open), a move to SO
that waits for its TLV, last year's move to PrO with a warm handover and feedback, and this year's move to PrO whose
handover (with an OPP and a plan of approach) the Praktijkschool received and can carry on."""

import datetime

from django.utils import timezone

from overstap.dossiers.demo import _as
from overstap.organisations.models import Organisation, Region
from overstap.pupils.models import Pupil

from .cases import tick_checklist_item
from .consent_asks import ask as ask_consent
from .consent_asks import change_status as answer_consent
from .handover import build_content, choose_categories, handover_or_blank, record_inzage
from .models import (
    Agreement,
    ConsentAskStatus,
    Feedback,
    Handover,
    Meeting,
    Participant,
    ProtocolItem,
    Status,
    TransitionCase,
)
from .workflow import change_status, open_case, open_handover


def _next_school_year_start(today: datetime.date) -> datetime.date:
    year = today.year if today.month < 8 else today.year + 1
    start = datetime.date(year, 8, 20)
    return start + datetime.timedelta(days=(7 - start.weekday()) % 7)  # the Monday from 20 August


def load(stdout):
    if TransitionCase.objects.exists():
        stdout.write("Demo transitions: already there.")
        return []
    today = timezone.localdate()
    po_region = Region.objects.get(code="PO 99-01")
    ProtocolItem.objects.create(
        region=po_region,
        transitions=["PO-VO"],
        text="Vul het uniforme aanmeldformulier VO van de regio in en stuur het mee met de aanmelding.",
        required=True,
        due_on=datetime.date(today.year if today.month < 3 else today.year + 1, 3, 1),
        milestone="aanmelding",  # the region's own registration date for PO-VO
        source="Overstapprotocol PO-VO SWV PO Lindendal e.o.",
        created_by_name="Karin Vos",
    )
    ProtocolItem.objects.create(
        region=po_region,
        transitions=["PO-VO", "PO-SO", "PO-SBO"],
        text="Bespreek leerlingen met een extra ondersteuningsbehoefte aan de Overstaptafel in februari.",
        required=False,
        condition="als de leerling extra ondersteuning krijgt",
        source="Overstapprotocol PO-VO SWV PO Lindendal e.o.",
        created_by_name="Karin Vos",
    )
    start = _next_school_year_start(today)
    college = Organisation.objects.get(name="Lindendal College")

    # Sem: PO-VO with LWOO; the parents are reading the report now.
    ib = _as("ib.regenboog")
    sem = Pupil.objects.get(family_name="Jansen", given_names="Sem Johannes")
    case = open_case(ib, sem, college, planned_on=start, programme="lwoo")
    case = change_status(ib, case, Status.AANGEMELD)
    choose_categories(
        ib,
        case,
        [
            "ontwikkeling",
            "ondersteuningsbehoeften",
            "handelingsadviezen",
            "schooladvies_toetsen",
            "gezondheid",
            "zienswijze",
        ],
        expected_version=handover_or_blank(case).version,
    )
    case = change_status(ib, case, Status.INZAGE_OUDERS)
    # The report would carry Sem's health and home situation, which go only with consent: the school asked his
    # mother (she has parental authority, Sem is under 16). She said yes to the health part; the home situation is
    # still open, so her home page asks it.
    asked = {question.category: question for question in ask_consent(ib, case, ["gezondheid", "thuissituatie"])}
    answer_consent(_as("ouder.jansen"), asked["gezondheid"], ConsentAskStatus.GIVEN)

    # Daan: from SBO to SO; registered, but placement waits for the TLV SO.
    wegwijzer_ib = _as("ib.wegwijzer", "SBO De Wegwijzer")
    daan = Pupil.objects.get(family_name="Vermeulen")
    daan_case = open_case(wegwijzer_ib, daan, Organisation.objects.get(name="SO Het Kompas"), planned_on=start)
    change_status(wegwijzer_ib, daan_case, Status.AANGEMELD)

    # Noor (16): from Lindendal College to the ROC, but the course she chose is full: no place yet, which leerplicht
    # of her municipality follows.
    zorg_college = _as("zorg.college")
    noor = Pupil.objects.get(family_name="Leeuwen", given_names="Noor")
    noor_case = open_case(zorg_college, noor, Organisation.objects.get(name="ROC Lindendal"), planned_on=start)
    change_status(zorg_college, noor_case, Status.GEEN_PLEK)

    # Fleur: last year's move to PrO, completed, with a warm handover and the receiving school's feedback.
    fleur = Pupil.objects.get(family_name="Wouters")
    praktijkschool = Organisation.objects.get(name="Praktijkschool Lindendal")
    started = fleur.enrolments.get(organisation=praktijkschool).start_date
    past = TransitionCase.objects.create(
        pupil=fleur,
        from_organisation=Organisation.objects.get(name="Basisschool De Regenboog"),
        to_organisation=praktijkschool,
        code="PO-VO",
        school_year=f"{started.year}-{started.year + 1}",
        planned_on=started,
        status=Status.AFGEROND,
        created_by_name="Inge Bakker",
    )
    handover = Handover.objects.create(
        case=past,
        recipient=praktijkschool,
        categories=["ontwikkeling", "ondersteuningsbehoeften", "swv_besluit"],
        inzage_on=started - datetime.timedelta(days=120),
        inzage_by_name="ouders van Fleur",
        family_view_waived=True,
    )
    handover.content = build_content(past, handover)
    sent = timezone.make_aware(datetime.datetime.combine(started - datetime.timedelta(days=110), datetime.time(10)))
    Handover.objects.filter(pk=handover.pk).update(
        content=handover.content,
        sent_at=sent,
        sent_by_name="Inge Bakker",
        received_at=sent + datetime.timedelta(hours=2),
        received_by_name="Petra Hendriks",
        opened_at=sent + datetime.timedelta(hours=2),
        opened_by_name="Petra Hendriks",
    )
    meeting = Meeting.objects.create(
        case=past,
        kind="warme_overdracht",
        held_on=started - datetime.timedelta(days=60),
        location="Praktijkschool Lindendal",
        agenda="1. Kennismaking\n2. Wat werkt bij Fleur\n3. Afspraken",
        notes="Fleur vertelde zelf wat haar helpt: vaste plek in de klas en vooraf weten wat er komt.",
        organiser=praktijkschool,
        created_by_name="Petra Hendriks",
    )
    Participant.objects.bulk_create(
        [
            Participant(meeting=meeting, name="Fleur", role="leerling"),
            Participant(meeting=meeting, name="Moeder van Fleur", role="ouder"),
            Participant(meeting=meeting, name="Inge Bakker", role="school_van"),
            Participant(meeting=meeting, name="Petra Hendriks", role="school_naar"),
        ]
    )
    Agreement.objects.create(
        meeting=meeting,
        text="Mentor belt moeder in de eerste week na de start.",
        owner_name="Mentor leerjaar 1",
        due_on=started + datetime.timedelta(days=7),
        done_on=started + datetime.timedelta(days=4),
        done_by_name="Petra Hendriks",
    )
    Feedback.objects.create(
        case=past,
        moment="overdracht",
        complete=4,
        useful=5,
        on_time=3,
        comment="Bruikbaar; het OPP kwam pas na de zomer.",
        organisation=praktijkschool,
        given_by_name="Petra Hendriks",
    )
    Feedback.objects.create(
        case=past,
        moment="eerste_weken",
        wellbeing="goed",
        comment="Fleur is goed gestart en heeft al een vriendin.",
        organisation=praktijkschool,
        given_by_name="Petra Hendriks",
    )
    _finn_received(ib, start)
    stdout.write(
        "Demo transitions: protocol, a PO-VO move in inspection, a move to SO, a move to MBO without a place, "
        "last year's move to PrO, a move to PrO received with its plans."
    )
    return []


def _finn_received(ib, start: datetime.date) -> None:
    """Finn: PO-VO to the Praktijkschool after the summer. His OPP and plan of approach went with the handover; the
    parents read it, it was sent, and the Praktijkschool's care coordinator opened it: she can carry both on as her
    school's own (ADR 0013)."""
    finn = Pupil.objects.get(family_name="Dam", given_names="Finn")
    praktijkschool = Organisation.objects.get(name="Praktijkschool Lindendal")
    case = open_case(ib, finn, praktijkschool, planned_on=start)
    case = change_status(ib, case, Status.AANGEMELD)
    choose_categories(ib, case, ["opp", "arrangement"], expected_version=handover_or_blank(case).version)
    for item in case.checklist.filter(required=True):
        tick_checklist_item(ib, item)
    case = change_status(ib, case, Status.INZAGE_OUDERS)
    # The parents read it on paper at school and said they agree; the school recorded that.
    record_inzage(
        ib, case, timezone.localdate() - datetime.timedelta(days=7), by_name="ouders van Finn", verdict="eens"
    )
    case = change_status(ib, case, Status.VERZONDEN)
    open_handover(_as("zorg.praktijkschool"), case)
