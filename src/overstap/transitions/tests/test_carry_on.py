"""Continuity across the seam: the receiving school carries a received OPP or plan of approach on as its own, and
the pupil page shows the handovers it received as the pupil's earlier stages."""

import datetime

import pytest
from django.utils import timezone

from overstap.audit.models import AuditEvent
from overstap.dossiers.models import IntegralPlan, Opp
from overstap.dossiers.plan_services import create_integral_plan, create_opp
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, log_in
from overstap.transitions.models import Handover
from overstap.transitions.workflow import open_case, open_handover

from .conftest import acting, send

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=40)
LATER = TODAY + datetime.timedelta(days=120)


@pytest.fixture
def move(world):
    return prepared_move(world)


def prepared_move(world):
    """The primary school has an OPP and a plan of approach; the move to the VO school is prepared."""
    ib = world["ib"].user
    sender_opp = create_opp(
        ib,
        world["pupil"],
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-kader",
        approach="Korte instructie, daarna zelf oefenen.",
        goals=[{"area": "Rekenen", "goal": "Breuken optellen", "intermediate_goals": "Gelijknamig\nOngelijknamig"}],
        evaluations=[SOON, LATER],
    )
    sender_plan = create_integral_plan(
        ib,
        world["pupil"],
        coordinator="Juf Anna",
        evaluation_on=SOON,
        actions=[{"for_whom": "gezin", "what": "Opvoedondersteuning", "delivered_by": "Wijkteam", "start_on": TODAY}],
    )
    case = open_case(ib, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10))
    return {**world, "case": case, "sender_opp": sender_opp, "sender_plan": sender_plan}


def _received(move, categories=("opp", "arrangement")):
    case = send(move, categories)
    open_handover(move["vo_ib"].user, case)
    return case


def test_the_receiving_school_starts_its_own_opp_from_the_one_it_received(client, move):
    case = _received(move)
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    url = f"/overstappen/{case.pk}/overdracht/opp/0/voortzetten/"
    page = client.get(url)
    text = page.content.decode()
    assert "Gebaseerd op het OPP van De Regenboog, ontvangen op" in text
    # The goals and evaluation dates arrive for review, filled in.
    assert "Breuken optellen" in text and SOON.strftime("%d-%m-%Y") in text and LATER.strftime("%d-%m-%Y") in text
    assert AuditEvent.objects.filter(action="read", object_id=str(case.pk), detail__carry_on="opp").exists()

    form = {
        "exit_profile": "vervolgonderwijs",
        "exit_level": "vmbo-kader met LWOO",
        "approach": "Korte instructie, daarna zelf oefenen; een vaste mentor.",
        "first_evaluation": SOON.isoformat(),
        "doel-TOTAL_FORMS": "4",
        "doel-INITIAL_FORMS": "1",
        "doel-0-area": "Rekenen",
        "doel-0-goal": "Breuken optellen en aftrekken",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    own = Opp.objects.get(organisation=move["vo"])
    assert own.based_on_organisation == move["school"]
    assert own.based_on_received_on == timezone.localdate(Handover.objects.get(case=case).received_at)
    assert own.author_name == str(move["vo_ib"].user)
    assert [g.goal for g in own.goals.all()] == ["Breuken optellen en aftrekken"]
    # What the sending school wrote stays the sender's, unchanged, and so does what was sent.
    sender_opp = Opp.objects.get(pk=move["sender_opp"].pk)
    assert sender_opp.organisation == move["school"] and sender_opp.exit_level == "vmbo-kader"
    assert [g.goal for g in sender_opp.goals.all()] == ["Breuken optellen"]
    sent = Handover.objects.get(case=case).content
    assert any("Breuken optellen" in item["text"] for s in sent["sections"] for item in s["items"])
    # What travels for carrying on is also in the text the family read at inspection: no hidden parts.
    opp_text = next(s for s in sent["sections"] if s["category"] == "opp")["items"][0]["text"]
    assert "– Ongelijknamig" in opp_text and SOON.strftime("%d-%m-%Y") in opp_text

    # The receiving school maintains its own OPP (before the pupil is enrolled there), not the sender's.
    plans = client.get(f"/leerlingen/{move['pupil'].pk}/plannen/").content.decode()
    assert "Gebaseerd op het OPP van De Regenboog" in plans and "met LWOO" in plans
    assert "vmbo-kader ·" not in plans.replace("vmbo-kader met LWOO", "")
    assert client.get(f"/opp/{own.pk}/bewerken/").status_code == 200
    assert client.get(f"/opp/{sender_opp.pk}/bewerken/").status_code == 404


def test_a_plan_of_approach_is_carried_on_too(client, move):
    case = _received(move)
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    url = f"/overstappen/{case.pk}/overdracht/plan-van-aanpak/0/voortzetten/"
    assert "Opvoedondersteuning" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "coordinator": "Meneer Okan",
            "evaluation_on": SOON.isoformat(),
            "regel-TOTAL_FORMS": "4",
            "regel-INITIAL_FORMS": "1",
            "regel-0-for_whom": "gezin",
            "regel-0-what": "Opvoedondersteuning",
            "regel-0-delivered_by": "Wijkteam",
            "regel-0-start_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    own = IntegralPlan.objects.get(organisation=move["vo"])
    assert own.based_on_organisation == move["school"] and own.coordinator == "Meneer Okan"
    assert IntegralPlan.objects.get(pk=move["sender_plan"].pk).coordinator == "Juf Anna"


def test_only_what_the_legal_basis_let_through_can_be_carried_on(client, move):
    case = _received(move, categories=("ondersteuningsbehoeften",))
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    assert client.get(f"/overstappen/{case.pk}/overdracht/opp/0/voortzetten/").status_code == 404


def test_before_receipt_and_for_others_nothing_is_carried_on(client, move):
    case = send(move, ("opp",))
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    response = client.get(f"/overstappen/{case.pk}/overdracht/opp/0/voortzetten/")
    assert response.status_code == 302  # sent, not yet received: a message on the case page
    open_handover(move["vo_ib"].user, case)
    mentor = acting(MembershipFactory(organisation=move["vo"], role="mentor"))
    log_in(client, mentor.user, mentor)
    assert client.get(f"/overstappen/{case.pk}/overdracht/opp/0/voortzetten/").status_code == 404
    log_in(client, move["ib"].user, move["ib"])  # the sender does not write in the receiver's name
    assert client.get(f"/overstappen/{case.pk}/overdracht/opp/0/voortzetten/").status_code == 404
    assert not Opp.objects.filter(organisation=move["vo"]).exists()


def test_the_pupil_page_shows_the_handovers_received_as_earlier_stages(client, move):
    case = _received(move)
    EnrolmentFactory(pupil=move["pupil"], organisation=move["vo"], start_date=TODAY)
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    text = client.get(f"/leerlingen/{move['pupil'].pk}/").content.decode()
    received_on = timezone.localdate(Handover.objects.get(case=case).received_at)
    assert "Eerdere fasen: ontvangen overdrachten" in text
    assert "De Regenboog" in text and f"Ontvangen op {received_on.day}" in text
    # The basis of each part that came: the OPP and the arrangement go on the sender's legal duty.
    assert "Wettelijke plicht</span> Ontwikkelingsperspectiefplan (OPP)" in text
    assert "Begin een eigen OPP vanuit" in text
    event = AuditEvent.objects.filter(action="list", object_type="transitions.Handover").get()
    assert event.detail["shown"] == [Handover.objects.get(case=case).pk]
    # The sending school has received nothing about this pupil: no timeline for it.
    log_in(client, move["ib"].user, move["ib"])
    assert "Eerdere fasen" not in client.get(f"/leerlingen/{move['pupil'].pk}/").content.decode()
