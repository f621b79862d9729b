"""The family's home: per child what is happening and, first, what the family is asked to do and by when; a parent
without parental authority learns only that a move happens and where to; the queries do not grow with the number
of children; what the page showed is recorded."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overstap.audit.models import AuditEvent
from overstap.pupils.models import Relation
from overstap.testing.factories import EnrolmentFactory, FamilyLinkFactory, PupilFactory, log_in
from overstap.transitions.handover import choose_categories, handover_or_blank
from overstap.transitions.models import Status
from overstap.transitions.tests.conftest import TODAY, world  # noqa: F401
from overstap.transitions.workflow import change_status, open_case

pytestmark = pytest.mark.django_db
HOME = reverse("ui:home")


def _in_inspection(m, pupil=None):
    """A move of the pupil to the VO school that the family is reading now (inzage)."""
    case = change_status(m["ib"].user, open_case(m["ib"].user, pupil or m["pupil"], m["vo"]), Status.AANGEMELD)
    choose_categories(m["ib"].user, case, ["ondersteuningsbehoeften"], expected_version=handover_or_blank(case).version)
    return change_status(m["ib"].user, case, Status.INZAGE_OUDERS)


def _sibling(m, given="Tess", years=14):
    sibling = PupilFactory(given_names=given, family_name="Jansen", birth_date=TODAY.replace(year=TODAY.year - years))
    EnrolmentFactory(pupil=sibling, organisation=m["vo"], start_date=TODAY.replace(year=TODAY.year - 2), group="klas 2")
    FamilyLinkFactory(pupil=sibling, user=m["parent"], relation=Relation.PARENT, legal_representative=True)
    return sibling


def _home(client, user) -> str:
    log_in(client, user)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "family/home.html" in [t.name for t in response.templates]
    return response.content.decode()


def test_a_parent_with_two_children_sees_each_child_and_first_what_is_asked(client, world):  # noqa: F811
    m = world
    case = _in_inspection(m)
    sibling = _sibling(m)
    html = _home(client, m["parent"])
    # Each child in its own section with name, age and school.
    assert html.count('data-testid="family-child"') == 2
    assert "Sem Jansen" in html and "12 jaar" in html and "School nu: De Regenboog" in html
    assert "Tess Jansen" in html and "14 jaar" in html and "School nu: Lindendal College, klas 2" in html
    # What is asked comes first, with the child's name, the date and the link to the report.
    asks = html.split('data-testid="family-asks"', 1)[1].split('data-testid="family-child"', 1)[0]
    assert "Lees het rapport over Sem en zeg of u het ermee eens bent" in asks and "Sem Jansen · voor" in asks
    assert reverse("transitions:handover", args=[case.pk]) in asks
    assert html.index('data-testid="family-asks"') < html.index('data-testid="family-child"')
    # The move in plain words, with the glossary at hand; nothing happens for the other child.
    assert "Sem gaat naar Lindendal College." in html and 'Dat heet <span class="ovs-term">' in html
    assert reverse("matrix:glossary") in html and 'class="ovs-term"' in html
    assert "Als de school een overstap naar een nieuwe school voor Tess voorbereidt" in html
    # Who looked, per child.
    assert reverse("pupils:audit", args=[m["pupil"].pk]) in html
    assert reverse("pupils:audit", args=[sibling.pk]) in html
    event = AuditEvent.objects.filter(object_type="family.home").latest("at")
    assert event.action == "list" and event.role == "family"
    assert sorted(event.detail["shown"]["pupils.Pupil"]) == sorted([m["pupil"].pk, sibling.pk])
    assert event.detail["shown"]["transitions.TransitionCase"] == [case.pk]


def test_the_asks_are_sorted_by_date_over_the_children(client, world):  # noqa: F811
    m = world
    sibling = _sibling(m, given="Anna", years=11)
    EnrolmentFactory(pupil=sibling, organisation=m["school"], start_date=TODAY.replace(year=TODAY.year - 7))
    late = open_case(m["ib"].user, sibling, m["vo"], planned_on=TODAY.replace(year=TODAY.year + 2))
    early = open_case(m["ib"].user, m["pupil"], m["vo"], planned_on=TODAY.replace(year=TODAY.year + 1))
    for case in (late, early):
        case = change_status(m["ib"].user, case, Status.AANGEMELD)
        choose_categories(
            m["ib"].user, case, ["ondersteuningsbehoeften"], expected_version=handover_or_blank(case).version
        )
        change_status(m["ib"].user, case, Status.INZAGE_OUDERS)
    asks = _home(client, m["parent"]).split('data-testid="family-asks"', 1)[1].split("</section>", 1)[0]
    assert asks.index("over Sem") < asks.index("over Anna")


def test_a_parent_without_parental_authority_sees_only_that_a_move_happens_and_where_to(client, world):  # noqa: F811
    m = world
    case = _in_inspection(m)
    other = FamilyLinkFactory(pupil=m["pupil"], relation=Relation.PARENT, legal_representative=False).user
    html = _home(client, other)
    assert "Sem gaat naar Lindendal College." in html
    assert "U hebt geen ouderlijk gezag over Sem" in html
    # No report, no view to give, no status of the handover, no dates, no who-looked.
    assert reverse("transitions:handover", args=[case.pk]) not in html
    assert "Dat heet <span" not in html and "Belangrijke data" not in html
    assert "We vragen nu niets van u." in html
    assert reverse("pupils:audit", args=[m["pupil"].pk]) not in html
    log_in(client, other)
    assert client.get(reverse("pupils:audit", args=[m["pupil"].pk])).status_code == 404
    assert client.get(reverse("transitions:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("transitions:handover", args=[case.pk])).status_code == 404


def test_the_pupil_is_addressed_as_je(client, world):  # noqa: F811
    m = world
    _in_inspection(m)
    pupil_user = FamilyLinkFactory(pupil=m["pupil"], relation=Relation.PUPIL, legal_representative=False).user
    html = _home(client, pupil_user)
    assert "Wat we van je vragen, en wanneer" in html and "Lees het rapport over jou" in html
    assert "Je gaat naar Lindendal College." in html and "Je school nu: De Regenboog" in html
    assert "Wie keek er naar jouw gegevens?" in html
    # The page's own words say "je" (the glossary's explanations are written for everyone).
    own_words = re.sub(
        r'<span class="ovs-term__tip".*?</span>', "", html.split('id="inhoud"', 1)[-1].split("<footer")[0]
    )
    assert " u " not in own_words.lower().replace("\n", " ") and " uw " not in own_words.lower()


def _queries(client, user) -> int:
    log_in(client, user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_number_of_children(client, world):  # noqa: F811
    m = world
    _in_inspection(m)
    one = _queries(client, m["parent"])
    for number in range(3):
        sibling = _sibling(m, given=f"Kind{number}", years=11)
        EnrolmentFactory(pupil=sibling, organisation=m["school"], start_date=TODAY.replace(year=TODAY.year - 7))
        _in_inspection(m, sibling)
    assert _queries(client, m["parent"]) == one
