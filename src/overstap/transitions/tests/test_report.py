"""The printable handover report: only the released categories, each with its legal basis, the parents' view, and
an audit event for every print; nobody outside the handover gets it."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from overstap.audit.models import Action, AuditEvent
from overstap.consent.categories import Basis, Category
from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)
from overstap.transitions.handover import confirm_inzage, current_handover
from overstap.transitions.models import Status
from overstap.transitions.report import handover_report
from overstap.transitions.workflow import change_status, open_case

from .conftest import release

pytestmark = pytest.mark.django_db
T = OrganisationType
TODAY = timezone.localdate()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def move(world):
    """A PO-VO move with a support-needs entry (released) and a home-situation entry (not released), which the
    parents are reading."""
    pupil = world["pupil"]
    pupil.birth_date = datetime.date(2014, 3, 9)
    pupil.save()
    case = open_case(world["ib"].user, pupil, world["vo"], planned_on=TODAY + datetime.timedelta(days=30))
    return {**world, "case": release({**world, "case": case})}


def _send(move):
    case = move["case"]
    confirm_inzage(move["parent"], case, verdict="eens", text="Sem leert het best met korte opdrachten.")
    return change_status(move["ib"].user, case, Status.VERZONDEN)


def test_the_receiver_prints_what_was_sent_and_nothing_else(client, move):
    case = _send(move)
    # A change to the dossier after sending does not change what was handed over.
    Entry.objects.create(
        pupil=move["pupil"],
        category="ondersteuningsbehoeften",
        title="Later",
        text="Na verzending geschreven.",
        organisation=move["school"],
        author_name="Juf Anna",
    )
    vo_ib = move["vo_ib"]
    log_in(client, vo_ib.user, vo_ib)
    response = client.get(f"/overstappen/{case.pk}/overdracht.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("inline; filename=")
        and "Jansen" not in response["Content-Disposition"]
    )
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    with translation.override("nl"):
        released, basis = str(Category.ONDERSTEUNINGSBEHOEFTEN.label), str(Basis.WETTELIJKE_PLICHT.label)
        unreleased = str(Category.THUISSITUATIE.label)
    assert "Sem Jansen" in text and "PO-VO" in text and "Lindendal College" in text
    assert released in text and basis in text and "rekenmachine" in text and "Juf Anna" in text
    # The parents' answer, their view and that they said themselves they read it travel along.
    assert "korte opdrachten" in text and "Eens met het rapport" in text
    assert f"{move['parent']} zei op" in text
    assert "ploegendienst" not in text and unreleased not in text
    assert "Na verzending" not in text
    event = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(case.pk))
    assert event.detail["categories"] == ["ondersteuningsbehoeften"] and event.detail["frozen"] is True
    assert event.pupil_id == move["pupil"].pk and event.actor_id == vo_ib.user.pk
    # Printing is reading: the first print records receipt and opening.
    case.refresh_from_db()
    assert case.status == Status.GEOPEND


def test_the_sender_prints_a_preview_before_sending(client, move):
    ib = move["ib"]
    log_in(client, ib.user, ib)
    response = client.get(f"/overstappen/{move['case'].pk}/overdracht.pdf")
    assert response.status_code == 200 and "rekenmachine" in _text(response.content)
    assert AuditEvent.objects.get(action=Action.EXPORT).detail["frozen"] is False


def test_nobody_outside_the_handover_gets_the_report(client, move):
    case = _send(move)
    other_school = OrganisationFactory(type=T.BAO, name="De Vlinder")
    outsider = MembershipFactory(organisation=other_school, role="ib")
    log_in(client, outsider.user, outsider)
    assert client.get(f"/overstappen/{case.pk}/overdracht.pdf").status_code == 404
    assert client.get("/overstappen/999999/overdracht.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, object_id=str(case.pk), actor_id=outsider.user.pk).exists()
    # A mentor of the receiving school gets the one-page summary, not the report.
    mentor = MembershipFactory(organisation=move["vo_ib"].organisation, role="mentor")
    log_in(client, mentor.user, mentor)
    assert client.get(f"/overstappen/{case.pk}/overdracht.pdf").status_code == 404


def test_no_report_without_a_receiving_school(client, move):
    ib = move["ib"]
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=move["school"])
    case = open_case(ib.user, pupil, None, code="PO-VO")
    log_in(client, ib.user, ib)
    assert client.get(f"/overstappen/{case.pk}/overdracht.pdf").status_code == 404


def test_every_page_says_its_number_and_the_total(move):
    case = move["case"]
    content = {
        "pupil": "Sem Jansen",
        "birth_date": "2014-03-09",
        "code": "PO-VO",
        "from": "De Regenboog",
        "to": "Lindendal College",
        "school_year": "2026-2027",
        "planned_on": "2026-08-24",
        "sections": [
            {
                "category": "ondersteuningsbehoeften",
                "basis": "wettelijke_plicht",
                "rule": "",
                "explanation": "Verplicht onderwijskundig rapport.",
                "consent_given_at": "",
                "items": [{"title": f"Punt {n}", "text": "Een regel tekst. " * 40} for n in range(12)],
            }
        ],
        "inzage_on": "",
        "inzage_by": "",
        "family_view": "",
        "family_view_by": "",
        "family_view_waived": True,
    }
    with translation.override("en"):
        pdf = handover_report(case, content)
    pages = PdfReader(io.BytesIO(pdf)).pages
    total = len(pages)
    assert total > 1
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {total}" in page.extract_text()
    assert "printed on" in pages[0].extract_text()


def test_the_parents_print_their_inspection_copy_which_is_not_yet_saying_they_read_it(client, move):
    log_in(client, move["parent"])
    response = client.get(f"/overstappen/{move['case'].pk}/overdracht.pdf")
    assert response.status_code == 200 and "rekenmachine" in _text(response.content)
    assert "nog niet gezegd dat zij het gelezen hebben" in _text(response.content)
    # Printing is a read, in the audit trail; only the family's own answer on the page records the inspection.
    assert current_handover(move["case"]).inzage_on is None
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(move["case"].pk)).exists()
