"""A long dossier is read page by page: newest first, the same filter on every page, and the read names exactly the
entries the page showed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.dossiers.models import Entry
from overstap.dossiers.selectors import DOSSIER_PAGE_SIZE
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory, log_in

pytestmark = pytest.mark.django_db

CATEGORIES = ["ontwikkeling", "thuissituatie", "ondersteuningsbehoeften", "werkzame_elementen"]


@pytest.fixture
def school():
    organisation = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=organisation)
    ib = MembershipFactory(organisation=organisation, role="ib")
    return organisation, pupil, ib


def fill(organisation, pupil, n, *, closed_every=0):
    """n entries on n different days (the first the oldest); every ``closed_every``-th one closed."""
    start = timezone.localdate() - datetime.timedelta(days=n)
    Entry.objects.bulk_create(
        Entry(
            pupil=pupil,
            category=CATEGORIES[i % len(CATEGORIES)],
            title=f"Notitie {i:03d}",
            text="Tekst van de notitie. " * 20,
            organisation=organisation,
            author_name="Juf Anna",
            recorded_on=start + datetime.timedelta(days=i),
            closed_at=timezone.now() if closed_every and i % closed_every == 0 else None,
            closed_by_name="Juf Anna" if closed_every and i % closed_every == 0 else "",
        )
        for i in range(n)
    )


def titles(response) -> list[str]:
    return re.findall(r"Notitie \d{3}", response.content.decode())


def shown_ids(pupil) -> list[int]:
    event = AuditEvent.objects.filter(action=Action.READ, pupil_id=pupil.pk, detail__page="dossier").latest("pk")
    return event.detail["shown"]["dossiers.Entry"]


def link(response, rel) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_dossier_shows_the_newest_page_and_pages_back_through_all_of_it(client, school):
    organisation, pupil, ib = school
    fill(organisation, pupil, 60)
    log_in(client, ib.user, ib)
    url = f"/leerlingen/{pupil.pk}/dossier/"

    first = client.get(url)
    assert len(set(titles(first))) == DOSSIER_PAGE_SIZE
    assert "Notitie 059" in titles(first) and "Notitie 034" not in titles(first)
    assert "Pagina 1 van 3" in first.content.decode()
    assert link(first, "prev") is None

    seen = set(titles(first))
    page = first
    for number in (2, 3):
        page = client.get(url + link(page, "next"))
        assert f"Pagina {number} van 3" in page.content.decode()
        assert not seen & set(titles(page)), "an entry shown on two pages"
        seen |= set(titles(page))
    assert len(seen) == 60
    assert link(page, "next") is None

    back = client.get(url + link(page, "prev"))
    assert "Pagina 2 van 3" in back.content.decode()
    assert set(titles(back)) == {f"Notitie {i:03d}" for i in range(10, 35)}


def test_the_read_names_exactly_the_entries_on_the_page(client, school):
    organisation, pupil, ib = school
    fill(organisation, pupil, 40)
    log_in(client, ib.user, ib)
    url = f"/leerlingen/{pupil.pk}/dossier/"
    first = client.get(url)
    on_page = set(Entry.objects.filter(title__in=titles(first)).values_list("pk", flat=True))
    assert set(shown_ids(pupil)) == on_page and len(on_page) == DOSSIER_PAGE_SIZE

    second = client.get(url + link(first, "next"))
    on_second = set(Entry.objects.filter(title__in=titles(second)).values_list("pk", flat=True))
    assert set(shown_ids(pupil)) == on_second and len(on_second) == 15


def test_the_closed_filter_holds_on_every_page(client, school):
    organisation, pupil, ib = school
    fill(organisation, pupil, 90, closed_every=3)  # 30 closed, 60 current
    closed = set(Entry.objects.filter(closed_at__isnull=False).values_list("title", flat=True))
    log_in(client, ib.user, ib)
    url = f"/leerlingen/{pupil.pk}/dossier/"

    current_only = set()
    page = client.get(url)
    while True:
        current_only |= set(titles(page))
        following = link(page, "next")
        if following is None:
            break
        assert "afgesloten" not in following
        page = client.get(url + following)
    assert len(current_only) == 60 and not current_only & closed

    everything = set()
    page = client.get(url + "?afgesloten=1")
    assert "Pagina 1 van 4" in page.content.decode()
    while True:
        everything |= set(titles(page))
        following = link(page, "next")
        if following is None:
            break
        assert "afgesloten=1" in following
        page = client.get(url + following)
    assert len(everything) == 90 and closed <= everything


def test_a_cursor_that_is_not_one_shows_the_first_page(client, school):
    organisation, pupil, ib = school
    fill(organisation, pupil, 30)
    log_in(client, ib.user, ib)
    response = client.get(f"/leerlingen/{pupil.pk}/dossier/?na=gisteren")
    assert response.status_code == 200
    assert "Pagina 1 van 2" in response.content.decode()


def test_a_big_dossier_costs_the_same_queries_and_about_the_same_html_as_a_small_one(client, school):
    organisation, pupil, ib = school
    fill(organisation, pupil, 10)
    log_in(client, ib.user, ib)
    url = f"/leerlingen/{pupil.pk}/dossier/"
    client.get(url)
    with CaptureQueriesContext(connection) as small_queries:
        small = client.get(url)
    fill(organisation, pupil, 390)
    with CaptureQueriesContext(connection) as large_queries:
        large = client.get(url)
    with CaptureQueriesContext(connection) as deep_queries:
        deep = client.get(url + link(large, "next"))
    assert len(small_queries) == len(large_queries) == len(deep_queries)
    # 25 entries of about 500 characters each and the page around them; 400 unpaged entries were 320 KB.
    assert len(large.content) < 60_000 and len(deep.content) < 60_000
    assert len(large.content) < 3 * len(small.content)
