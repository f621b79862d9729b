"""The matrix pages work without JavaScript: every arrow and block has its own address."""

import pytest

from overstap.matrix.loader import get_matrix
from overstap.matrix.schema import BAND_CODES, STAGE_CODES, TRANSITION_CODES

pytestmark = pytest.mark.django_db


def test_the_matrix_page_draws_every_arrow_block_and_age_band(client):
    response = client.get("/matrix/")
    assert response.status_code == 200
    html = response.content.decode()
    for code in (*TRANSITION_CODES, *STAGE_CODES, *BAND_CODES):
        assert f'href="/matrix/{code}/"' in html, code
    # Without a choice, the panel shows the principles that hold at every transition.
    for principle in get_matrix().principles:
        assert f'id="principe-{principle.key}"' in html


@pytest.mark.parametrize("code", TRANSITION_CODES)
def test_each_transition_has_its_own_page_with_its_guidance(client, code):
    transition = get_matrix().transition(code)
    response = client.get(f"/matrix/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert str(transition.name.nl) in html
    assert 'aria-current="page"' in html
    for item in transition.items:
        assert f'id="item-{item.key}"' in html
    assert "Wat gaat er mee" in html


@pytest.mark.parametrize("code", STAGE_CODES + BAND_CODES)
def test_each_stage_and_age_band_has_its_own_page(client, code):
    response = client.get(f"/matrix/{code}/")
    assert response.status_code == 200


def test_po_vo_guidance_shows_legal_basis_decisions_and_sources(client):
    html = client.get("/matrix/PO-VO/").content.decode()
    assert "Wettelijke plicht" in html
    assert "Toelaatbaarheidsverklaring (TLV) voor VSO" in html or "TLV" in html
    assert "Bron" in html


def test_an_htmx_request_gets_only_the_guidance_panel(client):
    response = client.get("/matrix/VO-MBO/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="begeleiding")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'class="ovs-panel"' in html and 'data-code="VO-MBO"' in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        "/matrix/VO-MBO/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="begeleiding", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_an_unknown_code_gets_a_dutch_404_with_a_way_back_to_the_matrix(client):
    response = client.get("/matrix/PO-XYZ/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "PO-XYZ" in html
    assert 'href="/matrix/"' in html and "Terug naar de overstapmatrix" in html


def test_a_code_in_lower_case_still_finds_the_transition(client):
    assert client.get("/matrix/po-vo/").status_code == 200


def test_glossary_page_lists_every_term_with_an_anchor(client):
    html = client.get("/matrix/begrippen/").content.decode()
    for term in get_matrix().terms:
        assert f'id="begrip-{term.key}"' in html


def test_glossary_terms_in_the_guidance_explain_themselves(client):
    html = client.get("/matrix/PO-VO/").content.decode()
    assert 'class="ovs-term__link" href="/matrix/begrippen/#begrip-' in html
    assert 'role="tooltip"' in html


def test_guidance_is_shown_in_english_when_english_is_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    transition = get_matrix().transition("PO-VO")
    html = client.get("/matrix/PO-VO/").content.decode()
    assert transition.name.en in html
    assert "What to hand over" in html


def test_the_home_page_links_to_po_vo_guidance_directly(client):
    html = client.get("/").content.decode()
    assert 'href="/matrix/PO-VO/"' in html


def _escaped(text) -> str:
    from django.utils.html import escape

    return escape(str(text))


def test_each_rule_shows_its_source_and_where_in_it_the_rule_comes_from(client):
    matrix = get_matrix()
    html = client.get("/matrix/PO-VO/").content.decode()
    deadlines = {d.key: d for d in matrix.transition("PO-VO").deadlines}
    # A rule from practice says so, and says what the practice is.
    assert _escaped(matrix.source("praktijk").name.nl) in html
    assert _escaped(deadlines["aanmeldperiode"].reference.nl) in html
    # The 1 October check names the guide it was taken from.
    assert _escaped(deadlines["plaatsing-1-oktober"].reference.nl) in html
    html = client.get("/matrix/EXIT-WORK/").content.decode()
    item = next(i for i in matrix.transition("EXIT-WORK").items if i.key == "gemeente-ondersteuning")
    assert f"{_escaped(matrix.source('wet').name.nl)} – {_escaped(item.reference.nl)}" in html


def test_a_band_point_from_elsewhere_shows_its_own_source(client):
    band = get_matrix().band("16-23")
    point = next(p for p in band.partners if p.source)
    html = client.get("/matrix/16-23/").content.decode()
    assert _escaped(point.reference.nl) in html


def test_a_stage_page_names_its_sources(client):
    matrix = get_matrix()
    html = client.get("/matrix/WERK/").content.decode()
    for key in matrix.stage("WERK").sources:
        assert _escaped(matrix.source(key).name.nl) in html


def test_a_stage_point_from_its_own_source_shows_it(client):
    stage = get_matrix().stage("VSO")
    point = next(p for p in stage.attention if p.source == "zorgstructuur")
    html = client.get("/matrix/VSO/").content.decode()
    assert _escaped(point.reference.nl) in html
