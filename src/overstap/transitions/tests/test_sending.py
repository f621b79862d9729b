"""Sending is deliberate: the required checklist items are done or set aside with a reason, and every step that
cannot be undone is shown on a confirmation page first (what goes, to whom, on which basis), then said to be done."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from overstap.audit.models import Action, AuditEvent
from overstap.testing.factories import log_in
from overstap.transitions.cases import set_aside_checklist_item, tick_checklist_item
from overstap.transitions.handover import (
    choose_categories,
    current_handover,
    handover_or_blank,
    record_inzage,
    waive_family_view,
)
from overstap.transitions.models import Status
from overstap.transitions.workflow import CONFIRMED_STEPS, change_status, open_case

from .conftest import TODAY, release

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(world):
    """A PO-VO move the parents have read, with every requirement met except the required checklist items."""
    case = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=30))
    case = change_status(world["ib"].user, case, Status.AANGEMELD)
    choose_categories(
        world["ib"].user, case, ["ondersteuningsbehoeften"], expected_version=handover_or_blank(case).version
    )
    case = change_status(world["ib"].user, case, Status.INZAGE_OUDERS)
    record_inzage(world["ib"].user, case, TODAY, by_name="Moeder")
    waive_family_view(world["ib"].user, case)
    return {**world, "case": case}


def test_the_matrix_and_the_region_mark_items_required_and_sending_waits_for_them(ready):
    case, ib = ready["case"], ready["ib"].user
    required = list(case.checklist.filter(required=True))
    assert required, "the PO-VO matrix marks items as required for every pupil"
    with pytest.raises(ValidationError) as error:
        change_status(ib, case, Status.VERZONDEN)
    message = error.value.message_dict["status"][0]
    assert f"deze {len(required)} verplichte punten van de checklist" in message
    assert required[0].text.split()[0] in message
    # One done, the others set aside with a reason: then it may go.
    tick_checklist_item(ib, required[0])
    for item in required[1:]:
        set_aside_checklist_item(ib, item, "Is al via het OSO-dossier gegaan.")
    case = change_status(ib, case, Status.VERZONDEN)
    assert current_handover(case).sent_at is not None


def test_setting_aside_needs_a_reason_and_keeps_who_and_when(ready):
    case, ib = ready["case"], ready["ib"].user
    item = case.checklist.filter(required=True).first()
    with pytest.raises(ValidationError) as error:
        set_aside_checklist_item(ib, item, "   ")
    assert error.value.message_dict["reason"] == [
        "Reden om over te slaan: schrijf op waarom dit punt voor deze leerling niet gedaan wordt."
    ]
    item.refresh_from_db()
    assert item.set_aside_at is None and not item.settled
    set_aside_checklist_item(ib, item, "  De leerling gaat met de taxi.  ")
    item.refresh_from_db()
    assert item.set_aside_reason == "De leerling gaat met de taxi."
    assert item.set_aside_by_name == str(ib) and item.set_aside_at is not None and item.done_on is None
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).latest("pk")
    assert event.detail == {"checklist": item.key, "set_aside": "De leerling gaat met de taxi."}
    # A colleague at the same moment: the first word counts, and they are told.
    with pytest.raises(ValidationError) as error:
        set_aside_checklist_item(ib, item, "Een andere reden.")
    assert "al gedaan of overgeslagen" in error.value.message_dict["reason"][0]
    item.refresh_from_db()
    assert item.set_aside_reason == "De leerling gaat met de taxi."


def test_the_set_aside_page_action_names_the_field_and_changes_nothing_when_empty(client, ready):
    item = ready["case"].checklist.filter(required=True).first()
    log_in(client, ready["ib"].user, ready["ib"])
    page = client.post(f"/overstappen/terzijde/{item.pk}/", {"reason": ""}, follow=True).content.decode()
    assert "Reden om over te slaan: schrijf op waarom" in page
    item.refresh_from_db()
    assert item.set_aside_at is None
    page = client.post(f"/overstappen/terzijde/{item.pk}/", {"reason": "Niet nodig."}, follow=True).content.decode()
    assert "Het punt is overgeslagen" in page and "Niet nodig." in page


def test_the_send_confirmation_shows_what_goes_on_which_basis_to_whom_and_then_sends(client, ready):
    case, ib = ready["case"], ready["ib"]
    log_in(client, ib.user, ib)
    # The case page offers sending as a link to its confirmation, not as a button that sends at once.
    detail = client.get(f"/overstappen/{case.pk}/").content.decode()
    assert f'href="/overstappen/{case.pk}/status/?status=verzonden"' in detail
    assert 'name="status" value="verzonden"' not in detail
    # While a required item is open, the confirmation says what is missing and offers no button.
    page = client.get(f"/overstappen/{case.pk}/status/", {"status": "verzonden"}).content.decode()
    assert "Deze stap kan nog niet" in page and "verplichte punten van de checklist" in page
    assert 'data-testid="confirm"' not in page
    for item in case.checklist.filter(required=True):
        tick_checklist_item(ib.user, item)
    page = client.get(f"/overstappen/{case.pk}/status/", {"status": "verzonden"}).content.decode()
    assert "De overdracht versturen naar Lindendal College?" in page
    assert "Wettelijke plicht" in page and "Onderwijs- en ondersteuningsbehoeften" in page
    assert "Thuissituatie" not in page  # not chosen, so not listed
    roles = page.split("Daar gelezen door</dt><dd>")[1].split("</dd>")[0]
    assert "Intern begeleider" in roles and "Zorgcoördinator" in roles
    assert current_handover(case).sent_at is None, "looking at the confirmation sends nothing"
    # The confirmation page sends the case's version along with the step.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    done = client.post(
        f"/overstappen/{case.pk}/status/", {"status": "verzonden", "version": version}, follow=True
    ).content.decode()
    assert "De overdracht is verstuurd naar Lindendal College" in done
    assert current_handover(case).sent_at is not None


def test_every_step_that_cannot_be_undone_has_the_same_confirmation(client, world):
    case = release(world | {"case": open_case(world["ib"].user, world["pupil"], world["vo"])})
    log_in(client, world["ib"].user, world["ib"])
    detail = client.get(f"/overstappen/{case.pk}/").content.decode()
    for step in (Status.GEEN_PLEK, Status.INGETROKKEN):
        assert step in CONFIRMED_STEPS
        assert f"?status={step.value}" in detail
        page = client.get(f"/overstappen/{case.pk}/status/", {"status": step.value}).content.decode()
        assert "Dit kunt u niet ongedaan maken." in page and f'name="status" value="{step.value}"' in page
    case.refresh_from_db()
    assert case.status == Status.INZAGE_OUDERS
    # A step that is not next, or not one to confirm, goes back to the case page.
    assert client.get(f"/overstappen/{case.pk}/status/", {"status": "gestart"}).status_code == 302
    done = client.post(
        f"/overstappen/{case.pk}/status/", {"status": "ingetrokken", "version": case.version}, follow=True
    ).content.decode()
    assert "Gelukt: de overstap staat nu op “Ingetrokken”." in done
