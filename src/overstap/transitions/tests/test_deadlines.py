"""The deadlines of a move: which milestones each transition has, their dates on fixed days, done from the case's
history, a region's protocol date instead of the default, the case list's query count and filter, and the panels
only for who may see the case."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overstap.organisations.models import OrganisationType
from overstap.testing.factories import OrganisationFactory, PupilFactory, log_in
from overstap.transitions import deadlines
from overstap.transitions.deadlines import DONE, DUE, LATE, milestones, milestones_for, next_deadline
from overstap.transitions.models import ChecklistItem, ProtocolItem, Status, TransitionCase
from overstap.transitions.panels import case_deadlines_context, pupil_deadlines_context
from overstap.transitions.workflow import change_status, open_case

from .conftest import TODAY, send

START = datetime.date(2027, 9, 1)


def _case(pupil, from_org, to_org, code, planned_on=START, status=Status.VOORBEREIDING):
    return TransitionCase.objects.create(
        pupil=pupil,
        from_organisation=from_org,
        to_organisation=to_org,
        code=code,
        school_year="2027-2028",
        planned_on=planned_on,
        status=status,
        created_by_name="Test",
    )


def _by_key(items):
    return {m.key: m for m in items}


def test_po_vo_has_school_recommendation_registration_handover_start_no_show_and_1_october(world):
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO")
    items = _by_key(milestones(case, datetime.date(2027, 1, 10)))
    assert list(items) == [
        "schooladvies",
        "aanmelding",
        "inzage",
        "verzonden",
        "warme_overdracht",
        "start",
        "no_show",
        "geplaatst",
    ]
    assert items["schooladvies"].due_on == datetime.date(2027, 3, 24)
    assert items["aanmelding"].due_on == datetime.date(2027, 3, 31)
    assert items["verzonden"].due_on == datetime.date(2027, 7, 7)  # eight weeks before the start
    assert items["inzage"].due_on == datetime.date(2027, 6, 23)  # two weeks before sending
    assert items["warme_overdracht"].due_on == datetime.date(2027, 8, 31)
    assert items["start"].due_on == START
    assert items["no_show"].due_on == datetime.date(2027, 9, 15)
    assert items["geplaatst"].due_on == datetime.date(2027, 10, 1)
    assert {m.state for m in items.values()} == {DUE}
    assert str(items["aanmelding"].label) == "Aanmelding bij de nieuwe school"


@pytest.mark.parametrize(
    ("day", "state"),
    [(datetime.date(2027, 3, 30), DUE), (datetime.date(2027, 3, 31), DUE), (datetime.date(2027, 4, 1), LATE)],
)
def test_a_deadline_is_due_until_its_day_and_late_the_day_after(world, day, state):
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO")
    assert _by_key(milestones(case, day))["aanmelding"].state == state


@pytest.mark.parametrize(
    ("day", "state"),
    [(datetime.date(2027, 9, 30), DUE), (datetime.date(2027, 10, 1), DUE), (datetime.date(2027, 10, 2), LATE)],
)
def test_placed_by_1_october(world, day, state):
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO", status=Status.GEOPEND)
    assert _by_key(milestones(case, day))["geplaatst"].state == state


def test_vo_mbo_registers_by_1_april_and_a_pro_leaver_has_a_year_of_follow_up(world):
    pro = OrganisationFactory(type=OrganisationType.PRO, name="PrO De Brug")
    mbo = OrganisationFactory(type=OrganisationType.MBO, name="ROC Lindendal")
    pupil = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - 16))
    case = _case(pupil, pro, mbo, "VO-MBO")
    items = _by_key(milestones(case, datetime.date(2027, 4, 2)))
    assert "schooladvies" not in items
    assert items["aanmelding"].due_on == datetime.date(2027, 4, 1)
    assert items["aanmelding"].state == LATE
    assert items["geplaatst"].due_on == datetime.date(2027, 10, 1)
    assert items["nazorg"].due_on == datetime.date(2028, 9, 1)
    # A pupil from a regular VO school has no follow-up care.
    other = _case(PupilFactory(), world["vo"], mbo, "VO-MBO")
    assert "nazorg" not in _by_key(milestones(other, datetime.date(2027, 4, 2)))


def test_other_moves_take_their_dates_from_the_matrix(world):
    mbo = OrganisationFactory(type=OrganisationType.MBO)
    hbo = OrganisationFactory(type=OrganisationType.HBO)
    items = _by_key(milestones(_case(PupilFactory(), mbo, hbo, "MBO-HBO"), datetime.date(2027, 1, 1)))
    assert items["aanmelding"].due_on == datetime.date(2027, 5, 1)  # the matrix: 1 May
    assert items["aanmelding"].date_source == "matrix"
    assert "warme_overdracht" not in items  # the student arranges it
    assert "geplaatst" not in items
    other_school = OrganisationFactory(type=OrganisationType.BAO)
    po_po = _by_key(milestones(_case(PupilFactory(), world["school"], other_school, "PO-PO"), START))
    assert po_po["aanmelding"].due_on == START - datetime.timedelta(weeks=10)
    assert "no_show" not in po_po


def test_without_a_planned_date_the_move_starts_at_the_next_school_year(world, settings):
    settings.OVERSTAP_SCHOOL_YEAR_START = "08-20"
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO", planned_on=None)
    start = _by_key(milestones(case, TODAY))["start"]
    assert start.due_on == datetime.date(2027, 8, 20)
    assert start.date_source == "settings"


def test_done_from_the_history_with_the_day_it_was_done(world):
    world["case"] = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=START)
    ChecklistItem.objects.filter(case=world["case"], key="schooladvies").update(done_on=datetime.date(2027, 3, 1))
    send(world)
    case = TransitionCase.objects.select_related("from_organisation").get(pk=world["case"].pk)
    items = _by_key(milestones(case, datetime.date(2027, 9, 20)))
    for key in ("schooladvies", "aanmelding", "inzage", "verzonden"):
        assert items[key].state == DONE, key
    assert items["schooladvies"].done_on == datetime.date(2027, 3, 1)
    assert items["aanmelding"].done_on == timezone.localdate()
    assert items["inzage"].done_on == TODAY
    assert items["verzonden"].done_on == timezone.localdate()
    assert items["start"].state == LATE
    assert next_deadline(items.values()).key == "warme_overdracht"


def test_a_withdrawn_move_has_no_deadlines(world):
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO", status=Status.INGETROKKEN)
    assert milestones(case, START) == []


def test_the_regions_protocol_date_replaces_the_default(world):
    def item(day, milestone="aanmelding", codes=("PO-VO",), region=None):
        return ProtocolItem.objects.create(
            region=region or world["po_region"],
            transitions=list(codes),
            text="Aanmeldweek",
            due_on=day,
            milestone=milestone,
            source="PO-VO afspraken",
            created_by_name="SWV",
        )

    item(datetime.date(2027, 3, 12))
    item(datetime.date(2026, 3, 13))  # last year's: not for this move
    item(datetime.date(2027, 3, 1), codes=("VO-MBO",))  # another transition
    item(datetime.date(2027, 3, 2), region=world["vo_region"])  # the region of the receiving school
    item(datetime.date(2027, 3, 3), milestone="")  # a deadline on the checklist only
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO")
    registration = _by_key(milestones(case, datetime.date(2027, 3, 13)))["aanmelding"]
    assert registration.due_on == datetime.date(2027, 3, 12)
    assert registration.date_source == "protocol"
    assert registration.state == LATE


def test_many_cases_take_as_many_queries_as_one(world):
    cases = [_case(PupilFactory(), world["school"], world["vo"], "PO-VO") for _ in range(8)]
    with CaptureQueriesContext(connection) as one:
        milestones_for(cases[:1], START)
    with CaptureQueriesContext(connection) as eight:
        result = milestones_for(cases, START)
    assert len(eight) == len(one) == 3
    assert set(result) == {case.pk for case in cases}


def _list_count(client, url="/overstappen/"):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_case_list_shows_the_next_deadline_and_filters_the_late_ones(client, world):
    log_in(client, world["ib"].user, world["ib"])
    late = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY - datetime.timedelta(days=3))
    small, response = _list_count(client)
    assert "Volgende termijn" in response.text
    for _ in range(6):
        pupil = PupilFactory()
        _case(pupil, world["school"], world["vo"], "PO-VO", planned_on=TODAY + datetime.timedelta(days=400))
    large, response = _list_count(client)
    assert large == small
    assert response.text.count('data-testid="next-deadline"') == 7
    filtered, response = _list_count(client, "/overstappen/?termijn=te-laat")
    assert filtered == small
    assert response.text.count('data-testid="next-deadline"') == 1
    assert f"/overstappen/{late.pk}/" in response.text
    assert "Te laat" in response.text


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_panels_are_only_for_who_may_see_the_case(client, world):
    world["case"] = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=START)
    pupil = world["pupil"]
    # While the move is being prepared the new school does not see it, nor its deadlines.
    assert pupil_deadlines_context(_request(world["vo_ib"].user), pupil, set()) is None
    assert case_deadlines_context(_request(world["vo_ib"].user), world["case"], set()) is None
    shown = pupil_deadlines_context(_request(world["ib"].user), pupil, set())
    assert [row["case"] for row in shown["cases"]] == [world["case"]]
    change_status(world["ib"].user, world["case"], Status.AANGEMELD)
    assert pupil_deadlines_context(_request(world["vo_ib"].user), pupil, set()) is not None

    log_in(client, world["ib"].user, world["ib"])
    for url in (f"/overstappen/{world['case'].pk}/", f"/leerlingen/{pupil.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert 'data-testid="milestones"' in response.text, url
    outsider_school = OrganisationFactory(type=OrganisationType.BAO)
    from overstap.testing.factories import MembershipFactory

    outsider = MembershipFactory(organisation=outsider_school, role="ib")
    client.logout()
    log_in(client, outsider.user, outsider)
    assert client.get(f"/overstappen/{world['case'].pk}/").status_code == 404


def test_deadlines_is_usable_without_a_request():
    # Other apps (the signal engine) import the module and its names.
    assert callable(deadlines.milestones_for)
    assert deadlines.LATE == "late"


def test_the_consultant_sets_the_regions_date_for_a_milestone_on_the_protocol_page(client, world):
    from overstap.testing.factories import MembershipFactory

    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Regenboog")
    swv.regions.add(world["po_region"])
    consultant = MembershipFactory(organisation=swv, role="swv_consulent")
    log_in(client, consultant.user, consultant)
    item = {
        "text": "Aanmeldweek voortgezet onderwijs.",
        "transitions": ["PO-VO"],
        "required": "on",
        "milestone": "aanmelding",
        "source": "PO-VO afspraken regio",
    }
    response = client.post("/overstappen/protocol/", {**item, "due_on": ""})
    assert response.status_code == 400 and "due_on" in response.context["form"].errors
    response = client.post("/overstappen/protocol/", {**item, "milestone": "iets"})
    assert response.status_code == 400 and "milestone" in response.context["form"].errors
    assert client.post("/overstappen/protocol/", {**item, "due_on": "2027-03-15"}).status_code == 302
    saved = ProtocolItem.objects.get()
    assert saved.milestone == "aanmelding" and saved.due_on == datetime.date(2027, 3, 15)
    page = client.get("/overstappen/protocol/").content.decode()
    assert "datum van de regio voor: Aanmelding bij de nieuwe school" in page
    # A move from a school in the region now has the region's date.
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO")
    assert _by_key(milestones(case, START))["aanmelding"].due_on == datetime.date(2027, 3, 15)


def test_the_consultant_changes_the_date_of_an_item_for_next_school_year(client, world):
    from overstap.testing.factories import MembershipFactory

    swv = OrganisationFactory(type=OrganisationType.SWV_PO)
    swv.regions.add(world["po_region"])
    consultant = MembershipFactory(organisation=swv, role="swv_consulent")
    item = ProtocolItem.objects.create(
        region=world["po_region"],
        transitions=["PO-VO"],
        text="Aanmeldweek",
        due_on=datetime.date(2026, 3, 13),
        milestone="aanmelding",
        source="Afspraken",
        created_by_name="SWV",
    )
    log_in(client, consultant.user, consultant)
    assert f"datum-{item.pk}-due_on" in client.get("/overstappen/protocol/").content.decode()
    url = f"/overstappen/protocol/{item.pk}/datum/"
    client.post(url, {f"datum-{item.pk}-due_on": "", f"datum-{item.pk}-milestone": "aanmelding"})
    item.refresh_from_db()
    assert item.due_on == datetime.date(2026, 3, 13)  # a milestone without a date is refused
    response = client.post(url, {f"datum-{item.pk}-due_on": "2027-03-12", f"datum-{item.pk}-milestone": "aanmelding"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.due_on == datetime.date(2027, 3, 12)
    case = _case(world["pupil"], world["school"], world["vo"], "PO-VO")
    assert _by_key(milestones(case, START))["aanmelding"].due_on == datetime.date(2027, 3, 12)
    # The IB'er of the school reads the protocol but does not change it.
    log_in(client, world["ib"].user, world["ib"])
    assert client.post(url, {f"datum-{item.pk}-due_on": "2027-01-01"}).status_code == 404
