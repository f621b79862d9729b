"""Who looked, as the family reads it: who in plain words, when, what, and why as a sentence, never a badge such as
"Wettelijke plicht" or an instruction meant for staff; only for the legal representatives and the pupil."""

import pytest
from django.urls import reverse

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.pupils.models import Relation
from overstap.testing.factories import FamilyLinkFactory, log_in
from overstap.transitions.tests.conftest import world  # noqa: F401

pytestmark = pytest.mark.django_db


def _page(client, user, pupil):
    log_in(client, user)
    response = client.get(reverse("pupils:audit", args=[pupil.pk]))
    return response, response.content.decode() if response.status_code == 200 else ""


def test_a_parent_reads_who_looked_in_plain_words(client, world):  # noqa: F811
    m = world
    record(m["ib"].user, Action.EXPORT, m["pupil"], legal_basis="wettelijke_plicht")
    response, html = _page(client, m["parent"], m["pupil"])
    assert "pupils/pupil_audit_family.html" in [t.name for t in response.templates]
    assert "Wie keek er naar de gegevens van Sem?" in html
    assert "De wet zegt dat de school dit moet doen. Daar is geen toestemming voor nodig." in html
    assert "De Regenboog" in html and "regelt de extra hulp op school" in html
    # No legal badge, no third person, no staff explanation of refusals.
    assert "Wettelijke plicht" not in html and "Grondslag" not in html
    assert "deze leerling" not in html


def test_the_pupil_reads_it_as_je(client, world):  # noqa: F811
    m = world
    pupil_user = FamilyLinkFactory(pupil=m["pupil"], relation=Relation.PUPIL, legal_representative=False).user
    _response, html = _page(client, pupil_user, m["pupil"])
    assert "Wie keek er naar jouw gegevens?" in html and "Hier zie je wie jouw gegevens" in html


def test_staff_keep_their_page_and_a_parent_without_authority_gets_none(client, world):  # noqa: F811
    m = world
    log_in(client, m["ib"].user, m["ib"])
    response = client.get(reverse("pupils:audit", args=[m["pupil"].pk]))
    assert "pupils/pupil_audit.html" in [t.name for t in response.templates]
    other = FamilyLinkFactory(pupil=m["pupil"], relation=Relation.PARENT, legal_representative=False).user
    response, _html = _page(client, other, m["pupil"])
    assert response.status_code == 404
