"""Who looked, in plain words: each line names the part seen, the organisation and role, and the basis, grouped per
day and organisation, with a filter; a refused attempt is explained; no stored code reaches the page."""

import re

import pytest

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import Actor
from overstap.core import labels
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(client):
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Linde")
    vo = OrganisationFactory(type=OrganisationType.VO, name="Het Lyceum")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib", user__first_name="Ilse", user__last_name="Boer")
    receiving = MembershipFactory(organisation=vo, role="zorgcoordinator", user__first_name="Kees")
    stranger = MembershipFactory(organisation=vo, role="mentor", user__first_name="Mo")
    handover_reader = Actor(receiving.user, receiving)
    record(
        handover_reader,
        Action.READ,
        object_type="transitions.Handover",
        pupil_id=pupil.pk,
        legal_basis="wettelijke_plicht,toestemming:12",
        object_repr="handover",
    )
    record(
        Actor(ib.user, ib),
        Action.READ,
        object_type="dossiers.YouthCare",
        pupil_id=pupil.pk,
        legal_basis="toestemming:jeugdhulp",
    )
    # A mentor of another school tries the dossier: the checkpoint refuses and the trail records it.
    log_in(client, stranger.user, stranger)
    assert client.get(f"/leerlingen/{pupil.pk}/dossier/").status_code == 404
    return {"pupil": pupil, "ib": ib, "vo": vo, "school": school}


def _page(client, trail, query=""):
    log_in(client, trail["ib"].user, trail["ib"])
    response = client.get(f"/leerlingen/{trail['pupil'].pk}/wie-keek-er/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_line_says_the_part_who_and_the_basis_in_words(client, trail):
    text = _text(_page(client, trail))
    assert "Kees" in text and "(Zorgcoördinator)" in text and "bekeken: overdracht" in text
    assert "Grondslag: Wettelijke plicht, met toestemming" in text
    assert "bekeken: jeugdhulp" in text
    # Grouped per organisation: a heading for each.
    assert re.search(r"<h3[^>]*>\s*Het Lyceum\s*</h3>", _page(client, trail))
    assert re.search(r"<h3[^>]*>\s*De Linde\s*</h3>", _page(client, trail))


def test_a_refused_attempt_is_explained(client, trail):
    text = _text(_page(client, trail))
    assert "Mo" in text and "toegang geweigerd: dossier" in text
    assert "Er is niets getoond: met deze organisatie en rol is er geen recht op dit deel" in text


def test_no_stored_code_reaches_the_page(client, trail):
    html = _page(client, trail)
    for code in ("transitions.Handover", "dossiers.", "wettelijke_plicht", "toestemming:", "zorgcoordinator", "denied"):
        assert code not in html, code


def test_the_filter_narrows_by_part_organisation_and_refusal(client, trail):
    only_handover = _text(_page(client, trail, "?deel=overdracht"))
    assert "overdracht" in only_handover and "bekeken: jeugdhulp" not in only_handover
    only_lyceum = _text(_page(client, trail, f"?organisatie={trail['vo'].pk}"))
    looks = only_lyceum.split("Alles tonen", 1)[1]
    assert "Kees" in looks and "Ilse" not in looks
    only_refused = _text(_page(client, trail, "?geweigerd=1"))
    assert "geweigerd" in only_refused and "Kees" not in only_refused
    assert "Niets voldoet aan dit filter." in _text(_page(client, trail, "?deel=signaal"))
    # The pupil page itself: the page reads, not the refused try at the dossier nor the reads of this page.
    log_in(client, trail["ib"].user, trail["ib"])
    client.get(f"/leerlingen/{trail['pupil'].pk}/")
    pupil_page = _page(client, trail, "?deel=leerlingpagina (inschrijving en schoolloopbaan)").split("Alles tonen", 1)[
        1
    ]
    assert "bekeken: leerlingpagina" in _text(pupil_page)
    assert "geweigerd" not in pupil_page and "bekeken: wie de gegevens" not in _text(pupil_page)
    assert '<option value="leerlingpagina (inschrijving en schoolloopbaan)"' in _page(client, trail)
    # A refusal on the pupil is filed under the part that was tried.
    dossier = _text(_page(client, trail, "?deel=dossier"))
    assert "Mo" in dossier and "Kees" not in dossier


def test_the_family_reads_their_own_lines_and_never_a_broken_confidentiality(client, trail):
    pupil = trail["pupil"]
    record(
        Actor(trail["ib"].user, trail["ib"]),
        Action.READ,
        object_type="consent.BreakGlass",
        pupil_id=pupil.pk,
        legal_basis="doorbreking geheimhouding (veiligheid kind)",
    )
    parent = FamilyLinkFactory(pupil=pupil, legal_representative=True).user
    log_in(client, parent)
    client.get(f"/leerlingen/{pupil.pk}/")
    text = _text(client.get(f"/leerlingen/{pupil.pk}/wie-keek-er/").content.decode())
    # The family reads why in a sentence, not a legal term.
    assert "Gezin (ouders, verzorgers, de leerling)" in text
    assert "Iemand uit het gezin mag de eigen gegevens altijd zien." in text
    assert "beroepsgeheim" not in text and "doorbreking" not in text


def test_an_unknown_code_gets_a_neutral_word_never_itself():
    assert labels.part("nieuw.Onbekend") == "andere gegevens"
    assert labels.basis("iets_nieuws:3") == "een andere grondslag"
    assert labels.basis("taak_swv,protocol") == "Taak samenwerkingsverband, het overstapprotocol van de regio"


def test_what_overstap_does_by_itself_is_not_filed_under_the_family(client, trail):
    record(None, Action.CREATE, object_type="monitoring.Signal", pupil_id=trail["pupil"].pk)
    html = _page(client, trail)
    assert re.search(r"<h3[^>]*>\s*Overstap zelf \(automatisch\)\s*</h3>", html)
    assert "Gezin (ouders" not in html.split('data-testid="looks"', 1)[1]
    text = _text(_page(client, trail, "?organisatie=overstap"))
    assert "aangemaakt: signaal" in text and "Kees" not in text.split("Alles tonen", 1)[1]
