"""Query-count guards on the pages people open most. Each page is measured with little and with more data: the
count must not grow with the number of rows (no query per row), and must stay within its budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from overstap.dossiers.models import Entry
from overstap.support.models import SupportRequest
from overstap.testing.factories import EnrolmentFactory, PupilFactory, log_in
from overstap.transitions.workflow import open_case

from .conftest import TODAY, send

# The fixed cost of a signed-in request: session, user, second factor, memberships, and the session's save.
# The budgets below include it. The deadlines of a move (transitions/deadlines.py) read the history, the school
# recommendation and the region's protocol dates in three queries, for one case or for the whole list; the pupil
# page asks one more for the moves the user may see.
BUDGET = {
    # 14 for the page itself (one query answers every question about the pupil; the family has one more: the
    # parents with an account), and the sections other apps add: the signals (1), the open moves (1), the deadlines
    # of the pupil's moves (3: the history, the checklist, the region's dates), the current plans (2: the OPPs, the
    # plan of approach), absence and route from the thuiszitters register (2: the absence reports, the route), and
    # the handovers the school received about the pupil (1; the plans carried on from them only when there are any),
    # and the family's correction requests the school has to answer (1).
    "pupil page": 26,
    # One page of 25 entries: one query counts (the whole dossier, the entries before the page, per category), one
    # reads the page.
    "dossier": 12,
    # 15 for the page itself, and the sections: the overstapcoach (2: the coaching, who can be assigned), the
    # deadlines (3) and, for the sending school, the family's consent for what the move carries (3: whether the
    # pupil is at the receiving school already, the questions asked, the consents).
    "case page": 23,
    # 11, and the next deadline of every case on the list (3 for all of them together).
    "transition list": 13,
    "support list": 9,
    # 10, and whether this person may add a pupil by hand at their school (1).
    "pupil list": 11,
}


def _count(client, url) -> int:
    client.get(url)  # the first request may warm caches (matrix, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(world, n):
    """n more pupils at the school, each with a dossier entry, a support request and a move being prepared."""
    for i in range(n):
        pupil = PupilFactory(family_name=f"Extra{i:02d}", birth_date=TODAY.replace(year=TODAY.year - 12))
        EnrolmentFactory(pupil=pupil, organisation=world["school"], start_date=TODAY.replace(year=TODAY.year - 8))
        Entry.objects.create(
            pupil=world["pupil"],
            category="ondersteuningsbehoeften",
            title=f"Notitie {i}",
            text="Tekst.",
            organisation=world["school"],
            author_name="Juf Anna",
        )
        SupportRequest.objects.create(
            pupil=pupil,
            school=world["school"],
            swv=world["swv"],
            kind="arrangement",
            question="Vraag",
            requested_by_name="IB'er",
        )
        open_case(world["ib"].user, pupil, world["vo"])


@pytest.fixture
def pages(world):
    world["case"] = open_case(world["ib"].user, world["pupil"], world["vo"])
    send(world)
    pupil, case = world["pupil"], world["case"]
    return {
        "pupil page": f"/leerlingen/{pupil.pk}/",
        "dossier": f"/leerlingen/{pupil.pk}/dossier/",
        "case page": f"/overstappen/{case.pk}/",
        "transition list": "/overstappen/",
        "support list": "/ondersteuning/",
        "pupil list": "/leerlingen/",
    }


def test_the_most_used_pages_stay_within_their_query_budget_and_do_not_grow_with_the_data(client, world, pages):
    log_in(client, world["ib"].user, world["ib"])
    small = {name: _count(client, url) for name, url in pages.items()}
    _grow(world, 12)
    large = {name: _count(client, url) for name, url in pages.items()}
    for name in pages:
        assert large[name] == small[name], f"{name}: {small[name]} queries with little data, {large[name]} with more"
        assert small[name] <= BUDGET[name], f"{name}: {small[name]} queries, budget {BUDGET[name]}"
