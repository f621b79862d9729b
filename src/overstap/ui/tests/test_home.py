"""The home page per role: what needs doing today, read through the checkpoint, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.support.models import Kind, SupportRequest, SwvDecision
from overstap.support.services import give_advice, request_support
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)
from overstap.transitions.models import Status, TransitionCase
from overstap.transitions.tests.conftest import SUPPORT_TEXT, TODAY, acting, send, world  # noqa: F401
from overstap.transitions.workflow import change_status, open_case, open_handover

pytestmark = pytest.mark.django_db
HOME = reverse("ui:home")


def _home(client, membership=None, user=None):
    log_in(client, user or membership.user, membership)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def region(world):  # noqa: F811
    """The transition world with a municipality the pupil lives in, the primary school's SWV and its people."""
    gemeente = OrganisationFactory(type=OrganisationType.GEMEENTE, name="Gemeente Lindendal")
    world["pupil"].municipality = gemeente
    world["pupil"].save()
    swv_po = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Lindendal")
    swv_po.regions.add(world["po_region"])
    people = {
        role: acting(MembershipFactory(organisation=organisation, role=role))
        for role, organisation in (
            ("swv_consulent", swv_po),
            ("tlv_commissie", swv_po),
            ("leerplicht", gemeente),
            ("rmc", gemeente),
            ("jgz", OrganisationFactory(type=OrganisationType.JEUGDHULP, name="GGD Lindendal")),
            ("beleid", swv_po),
        )
    }
    return {**world, **people, "gemeente": gemeente, "swv_po": swv_po}


def _case(m, planned_on=None):
    return open_case(m["ib"].user, m["pupil"], m["vo"], planned_on=planned_on)


def test_anonymous_visitors_keep_the_introduction(client):
    response = client.get(HOME)
    assert "ui/home.html" in [t.name for t in response.templates]
    assert "ui/home_personal.html" not in [t.name for t in response.templates]


def test_the_heading_names_the_person_their_organisation_and_role(client, region):
    html = _home(client, region["ib"]).split('id="inhoud"', 1)[-1]
    assert f"Hallo {region['ib'].user.first_name}" in html
    assert "U werkt als Intern begeleider (IB&#x27;er) bij De Regenboog." in html


def test_sending_school_sees_its_moves_by_status_waiting_handovers_and_this_weeks_dates(client, region):
    m = region
    preparing = _case(m, planned_on=TODAY + datetime.timedelta(days=1))
    sent = send({**m, "case": _case(m)})
    html = _home(client, m["ib"])
    assert f"{reverse('transitions:list')}?status=voorbereiding" in html
    assert f"{reverse('transitions:list')}?status=verzonden" in html
    # The sent handover waits for the VO school; the move that starts tomorrow is among this week's dates.
    assert reverse("transitions:detail", args=[sent.pk]) in html
    assert reverse("transitions:detail", args=[preparing.pk]) in html
    # Nothing of the receiving side: the primary school receives nothing here.
    assert 'id="kop-home-receiving"' not in html


def test_receiving_school_sees_arrived_handovers_then_the_warm_handover_and_feedback(client, region):
    m = region
    case = send({**m, "case": _case(m)})
    html = _home(client, m["vo_ib"])
    assert 'id="kop-home-receiving"' in html
    assert reverse("transitions:detail", args=[case.pk]) in html
    open_handover(m["vo_ib"].user, TransitionCase.objects.get(pk=case.pk))
    html = _home(client, m["vo_ib"])
    assert reverse("transitions:meeting-new", args=[case.pk]) in html
    assert reverse("transitions:feedback-new", args=[case.pk, "overdracht"]) in html
    # The sending school's own list is not the VO school's: it sees no move from itself.
    assert reverse("transitions:list") + "?status=verzonden" not in html.split('id="kop-home-receiving"')[0]


def test_a_school_that_only_receives_so_far_sees_no_empty_sending_panel_first(client, region):
    m = region
    assert 'id="kop-home-sending"' in _home(client, m["vo_ib"])  # nothing yet: where to start a move
    send({**m, "case": _case(m)})
    html = _home(client, m["vo_ib"])
    assert 'id="kop-home-sending"' not in html and 'id="kop-home-receiving"' in html


def test_the_new_mentor_finds_the_page_for_the_mentor_once_the_handover_was_opened(client, region):
    m = region
    mentor = acting(MembershipFactory(organisation=m["vo"], role="mentor"))
    case = send({**m, "case": _case(m)})
    assert reverse("transitions:mentor", args=[case.pk]) not in _home(client, mentor)
    open_handover(m["vo_ib"].user, TransitionCase.objects.get(pk=case.pk))
    assert reverse("transitions:mentor", args=[case.pk]) in _home(client, mentor)


def test_swv_sees_requests_to_advise_to_decide_and_tlvs_ending(client, region):
    m = region
    asked = request_support(m["ib"].user, m["pupil"], Kind.TLV_SBO, "Past het SBO beter?")
    ending = request_support(m["ib"].user, m["pupil"], Kind.ARRANGEMENT, "Extra begeleiding?")
    SupportRequest.objects.filter(pk=ending.pk).update(status="toegekend", kind=Kind.TLV_SO)
    SwvDecision.objects.create(
        request=ending,
        granted=True,
        number="TLV-TEST-1",
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=TODAY + datetime.timedelta(days=60),
        motivation="Toegekend.",
        decided_by_name="Commissie",
    )
    consultant = _home(client, m["swv_consulent"])
    assert reverse("support:detail", args=[asked.pk]) in consultant
    assert reverse("support:detail", args=[ending.pk]) in consultant  # the TLV that ends within four months
    give_advice(m["swv_consulent"].user, asked, "Ja, SBO.", True)
    # The consultant gave advice: no longer theirs to do.
    assert reverse("support:detail", args=[asked.pk]) not in _home(client, m["swv_consulent"]).split("kop-naslag")[0]


def test_tlv_committee_sees_what_waits_for_a_decision(client, region):
    m = region
    asked = request_support(m["ib"].user, m["pupil"], Kind.TLV_SBO, "Past het SBO beter?")
    give_advice(m["swv_consulent"].user, asked, "Ja, SBO.", True)
    assert reverse("support:detail", args=[asked.pk]) in _home(client, m["tlv_commissie"])


def test_leerplicht_sees_pupils_without_a_place_and_no_support_content(client, region):
    m = region
    request_support(m["ib"].user, m["pupil"], Kind.TLV_SBO, "Past het SBO beter?")
    case = change_status(m["ib"].user, _case(m), Status.GEEN_PLEK)
    html = _home(client, m["leerplicht"])
    assert reverse("transitions:detail", args=[case.pk]) in html
    assert "De Regenboog" in html  # the last school
    assert "12" in html  # the age
    assert reverse("support:list") not in html and "SBO" not in html and SUPPORT_TEXT not in html
    # The case page shows registration and place: not what the handover holds.
    detail = client.get(reverse("transitions:detail", args=[case.pk])).content.decode()
    assert "Ondersteuningsbehoeften" not in detail and SUPPORT_TEXT not in detail


def test_leerplicht_sees_only_those_statuses_and_rmc_only_18_to_23(client, region):
    m = region
    preparing = _case(m)
    assert reverse("transitions:detail", args=[preparing.pk]) not in _home(client, m["leerplicht"])
    no_place = change_status(m["ib"].user, _case(m), Status.GEEN_PLEK)
    # The pupil is 12: leerplicht's, not RMC's.
    assert reverse("transitions:detail", args=[no_place.pk]) not in _home(client, m["rmc"])
    adult = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - 19), municipality=m["gemeente"])
    mbo = OrganisationFactory(type=OrganisationType.VO, name="Oud College")
    EnrolmentFactory(pupil=adult, organisation=mbo, start_date=TODAY.replace(year=TODAY.year - 3))
    mbo_ib = acting(MembershipFactory(organisation=mbo, role="zorgcoordinator"))
    adult_case = TransitionCase.objects.create(
        pupil=adult, from_organisation=mbo, code="VO-MBO", school_year="2026-2027", status=Status.THUISZITTER
    )
    assert mbo_ib  # the school exists and sends; the case is written directly in its last status
    assert reverse("transitions:detail", args=[adult_case.pk]) in _home(client, m["rmc"])
    assert reverse("transitions:detail", args=[adult_case.pk]) not in _home(client, m["leerplicht"])
    other = acting(
        MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.GEMEENTE), role="leerplicht")
    )
    assert reverse("transitions:detail", args=[no_place.pk]) not in _home(client, other)


def test_roles_without_work_yet_get_an_honest_panel_and_no_cases(client, region):
    m = region
    case = send({**m, "case": _case(m)})
    html = _home(client, m["jgz"])
    assert 'id="kop-home-coming"' in html and reverse("matrix:index") in html
    assert reverse("transitions:detail", args=[case.pk]) not in html
    # The policy officer has the regional dashboard now, never a pupil's move.
    html = _home(client, m["beleid"])
    assert 'id="kop-home-coming"' not in html and reverse("dashboard:index") in html
    assert reverse("transitions:detail", args=[case.pk]) not in html


def test_parent_and_pupil_see_the_move_and_what_they_can_do(client, region):
    m = region
    case = change_status(m["ib"].user, _case(m), Status.AANGEMELD)
    from overstap.transitions.handover import choose_categories, handover_or_blank

    choose_categories(m["ib"].user, case, ["ondersteuningsbehoeften"], expected_version=handover_or_blank(case).version)
    case = change_status(m["ib"].user, case, Status.INZAGE_OUDERS)
    parent = _home(client, user=m["parent"])
    assert reverse("transitions:handover", args=[case.pk]) in parent
    assert "Wat we van u vragen, en wanneer" in parent and "U kunt uw mening erbij zetten" in parent
    pupil_user = FamilyLinkFactory(pupil=m["pupil"], relation=Relation.PUPIL, legal_representative=False).user
    own = _home(client, user=pupil_user)
    assert reverse("transitions:handover", args=[case.pk]) in own
    # Under 16 the pupil reads the report; the parents answer on it.
    assert "Wat we van je vragen, en wanneer" in own and "Lees het rapport over jou" in own
    assert "Je kunt erbij zetten wat jij ervan vindt." not in own


def test_a_parent_of_another_child_sees_nothing_of_this_move(client, region):
    m = region
    case = change_status(m["ib"].user, _case(m), Status.AANGEMELD)
    stranger = FamilyLinkFactory(pupil=PupilFactory(), relation=Relation.PARENT).user
    assert reverse("transitions:detail", args=[case.pk]) not in _home(client, user=stranger)


def test_the_case_list_can_show_one_status(client, region):
    m = region
    preparing = _case(m)
    sent = send({**m, "case": _case(m)})
    log_in(client, m["ib"].user, m["ib"])
    shown = client.get(reverse("transitions:list"), {"status": "verzonden"}).context["cases"]
    assert [c.pk for c in shown] == [sent.pk]
    everything = client.get(reverse("transitions:list"), {"status": "nonsense"}).context["cases"]
    assert {c.pk for c in everything} == {preparing.pk, sent.pk}


def _queries(client, membership=None, user=None) -> int:
    log_in(client, user or membership.user, membership)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def _more_pupils(m, n):
    """n more pupils of the primary school, each with a move that was sent to the VO school and opened there, and
    one without a place."""
    for _ in range(n):
        pupil = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - 12), municipality=m["gemeente"])
        EnrolmentFactory(pupil=pupil, organisation=m["school"], start_date=TODAY.replace(year=TODAY.year - 8))
        FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, user=m["parent"])
        case = send({**m, "case": open_case(m["ib"].user, pupil, m["vo"], planned_on=TODAY)})
        open_handover(m["vo_ib"].user, TransitionCase.objects.get(pk=case.pk))
        change_status(m["ib"].user, open_case(m["ib"].user, pupil, m["vo"]), Status.GEEN_PLEK)
        request_support(m["ib"].user, pupil, Kind.TLV_SBO, "Past het SBO beter?")


@pytest.mark.parametrize("who", ["ib", "vo_ib", "swv_consulent", "tlv_commissie", "leerplicht", "parent"])
def test_queries_do_not_grow_with_the_number_of_cases(client, region, who):
    m = region
    _more_pupils(m, 1)
    person = {"user": m["parent"]} if who == "parent" else {"membership": m[who]}
    few = _queries(client, **person)
    _more_pupils(m, 19)
    assert _queries(client, **person) == few


def test_the_home_page_records_which_cases_it_named(client, region):
    from overstap.audit.models import AuditEvent

    m = region
    case = change_status(m["ib"].user, _case(m), Status.GEEN_PLEK)
    _home(client, m["leerplicht"])
    event = AuditEvent.objects.filter(object_type="ui.home").latest("at")
    assert event.action == "list" and event.role == "leerplicht"
    assert event.detail["shown"] == {"transitions.TransitionCase": [case.pk], "pupils.Pupil": [case.pupil_id]}
