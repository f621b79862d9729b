"""The writes behind the transition pages, called as services: each one answers once when two people act at once,
refuses what is stale with a message that names the field, and writes its audit event once. Pages that only show
something store nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import MembershipFactory, OrganisationFactory, log_in
from overstap.transitions.cases import change_receiver, tick_checklist_item
from overstap.transitions.handover import current_handover, ensure_handover
from overstap.transitions.models import Handover, Notification, Status
from overstap.transitions.notifications import mark_read, notify
from overstap.transitions.workflow import change_status, open_case

from .conftest import acting, release, send

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def move(world):
    case = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10))
    return {**world, "case": case}


def _events(obj, action=Action.UPDATE):
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action=action)


# --- Another receiving school -----------------------------------------------------------------------------------


def test_a_new_receiving_school_drops_what_was_prepared_for_the_old_one(move):
    case = move["case"]
    ensure_handover(case)
    other = OrganisationFactory(type=OrganisationType.VO, name="Het Andere Lyceum")
    changed = change_receiver(move["ib"].user, case, other, seen_receiver_id=move["vo"].pk)
    assert changed.to_organisation == other
    assert not Handover.objects.filter(case=case).exists()
    assert _events(case).get().detail == {"to_organisation": [move["vo"].pk, other.pk]}


def test_a_stale_receiver_change_is_refused_and_keeps_the_other_persons_choice(move):
    """Two people open the page while the VO school is chosen; the first picks school A, the second, not knowing,
    picks school B. The second is told to look again; school A and what was prepared for it stay."""
    case = move["case"]
    first, second = (OrganisationFactory(type=OrganisationType.VO, name=name) for name in ("School A", "School B"))
    change_receiver(move["ib"].user, case, first, seen_receiver_id=move["vo"].pk)
    case.refresh_from_db()
    ensure_handover(case)
    with pytest.raises(ValidationError) as error:
        change_receiver(move["ib"].user, case, second, seen_receiver_id=move["vo"].pk)
    assert error.value.message_dict["to_organisation"][0].startswith("Nieuwe school: iemand anders")
    case.refresh_from_db()
    assert case.to_organisation == first
    assert Handover.objects.filter(case=case, recipient=first).exists()
    assert _events(case).count() == 1


def test_the_receiver_form_sends_the_school_and_the_version_it_showed(client, move):
    case = move["case"]
    log_in(client, move["ib"].user, move["ib"])
    page = client.get(f"/overstappen/{case.pk}/").content.decode()
    assert f'name="seen" value="{move["vo"].pk}"' in page
    assert f'name="version" value="{case.version}"' in page
    seen = {"seen": move["vo"].pk, "version": case.version}
    other = OrganisationFactory(type=OrganisationType.VO, name="Het Andere Lyceum")
    client.post(f"/overstappen/{case.pk}/school/", {"to_organisation": other.pk, **seen})
    case.refresh_from_db()
    assert case.to_organisation == other and case.version == 2
    # A second tab, still showing the old school and version, is told instead of overwriting.
    third = OrganisationFactory(type=OrganisationType.VO, name="Derde College")
    stale = client.post(f"/overstappen/{case.pk}/school/", {"to_organisation": third.pk, **seen}, follow=True)
    assert (
        "Iemand anders heeft deze overstap gewijzigd nadat u de pagina opende. Uw keuze voor Derde College is niet "
        "opgeslagen en niets van de ander is overschreven." in stale.content.decode()
    )
    case.refresh_from_db()
    assert case.to_organisation == other and case.version == 2
    assert _events(case).count() == 1


def test_a_stale_step_on_the_case_page_is_refused_and_changes_nothing(client, move):
    """One person opens the confirmation of "no place"; a colleague then chooses another school. The first person's
    step, confirmed on the page they still have open, is refused with a Dutch message; the case stays as the
    colleague left it."""
    case = move["case"]
    log_in(client, move["ib"].user, move["ib"])
    page = client.get(f"/overstappen/{case.pk}/status/", {"status": "geen_plek"}).content.decode()
    assert f'name="version" value="{case.version}"' in page
    other = OrganisationFactory(type=OrganisationType.VO, name="Het Andere Lyceum")
    change_receiver(move["ib"].user, case, other, seen_receiver_id=move["vo"].pk, expected_version=case.version)
    stale = client.post(
        f"/overstappen/{case.pk}/status/", {"status": Status.GEEN_PLEK, "version": case.version}, follow=True
    ).content.decode()
    assert (
        "Iemand anders heeft deze overstap gewijzigd nadat u de pagina opende. Uw stap “Geen plek” is niet gezet"
        in stale
    )
    case.refresh_from_db()
    assert (case.status, case.to_organisation, case.version) == (Status.VOORBEREIDING, other, 2)
    assert not _events(case, Action.STATUS_CHANGE).exists()
    # Without the version the page sends, a step counts as stale too.
    client.post(f"/overstappen/{case.pk}/status/", {"status": Status.GEEN_PLEK})
    case.refresh_from_db()
    assert case.status == Status.VOORBEREIDING


def test_the_receiver_stays_once_something_was_sent(move):
    case = send(move)
    case = change_status(move["ib"].user, case, Status.GEEN_PLEK)
    other = OrganisationFactory(type=OrganisationType.VO)
    with pytest.raises(ValidationError) as error:
        change_receiver(move["ib"].user, case, other, seen_receiver_id=move["vo"].pk)
    assert "trek anders deze overstap in" in error.value.message_dict["to_organisation"][0]
    case.refresh_from_db()
    assert case.to_organisation == move["vo"]


def test_only_the_sending_school_chooses_the_receiver(move):
    with pytest.raises(PermissionDenied):
        change_receiver(
            move["vo_ib"].user, move["case"], OrganisationFactory(type=OrganisationType.VO), seen_receiver_id=None
        )


# --- The checklist ----------------------------------------------------------------------------------------------


def test_a_checklist_item_is_ticked_once(move):
    item = move["case"].checklist.first()
    colleague = acting(MembershipFactory(organisation=move["school"], role="ib"))
    assert tick_checklist_item(move["ib"].user, item) is True
    assert tick_checklist_item(colleague.user, item) is False  # the second tab or colleague changes nothing
    item.refresh_from_db()
    assert item.done_on == TODAY and item.done_by_name == str(move["ib"].user)
    assert _events(move["case"]).filter(detail__checklist=item.key).count() == 1


def test_the_receiving_school_does_not_tick_the_senders_checklist(move):
    with pytest.raises(PermissionDenied):
        tick_checklist_item(move["vo_ib"].user, move["case"].checklist.first())


# --- Notifications ----------------------------------------------------------------------------------------------


def test_a_notification_keeps_its_first_reader(move):
    notification = notify(move["vo"], move["case"], "overdracht_verzonden")
    colleague = acting(MembershipFactory(organisation=move["vo"], role="zorgcoordinator"))
    assert mark_read(move["vo_ib"].user, notification) is True
    assert mark_read(colleague.user, notification) is False
    notification.refresh_from_db()
    assert notification.read_by_name == str(move["vo_ib"].user)
    with pytest.raises(PermissionDenied):
        mark_read(
            move["ib"].user, Notification.objects.create(organisation=move["vo"], case=move["case"], kind="overleg")
        )


# --- Reading pages write no handover ----------------------------------------------------------------------------


def test_pages_that_show_the_handover_store_none(client, move):
    case = change_status(move["ib"].user, move["case"], Status.AANGEMELD)
    log_in(client, move["ib"].user, move["ib"])
    for url in (
        f"/overstappen/{case.pk}/",
        f"/overstappen/{case.pk}/categorieen/",
        f"/overstappen/{case.pk}/overdracht/",
        f"/overstappen/{case.pk}/overdracht.pdf",
        f"/overstappen/{case.pk}/overleg/nieuw/",
    ):
        assert client.get(url).status_code == 200, url
    assert current_handover(case) is None
    page = client.get(f"/overstappen/{case.pk}/categorieen/").content.decode()
    assert 'name="version" value="1"' in page  # the first save creates version 1 and is accepted
    client.post(f"/overstappen/{case.pk}/categorieen/", {"categories": ["ondersteuningsbehoeften"], "version": "1"})
    assert current_handover(case).categories == ["ondersteuningsbehoeften"]


def test_ensure_handover_creates_one_per_school(move):
    case = release(move)
    first = current_handover(case)
    assert ensure_handover(case) == first
    assert Handover.objects.filter(case=case).count() == 1
