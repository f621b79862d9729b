"""The shipped matrix holds everything of the national matrix, and its texts are complete in both languages."""

import re

import pytest
from pydantic import BaseModel

from overstap.matrix.loader import get_matrix
from overstap.matrix.schema import BAND_CODES, STAGE_CODES, TRANSITION_CODES, Text

EXPECTED_TRANSITIONS = {
    "VVE-PO": ({"VOORSCHOOL"}, {"BAO", "SBO", "SO"}),  # direct entry into S(B)O too
    "PO-PO": ({"BAO"}, {"BAO"}),
    "PO-SBO": ({"BAO"}, {"SBO"}),
    "PO-SO": ({"BAO", "SBO"}, {"SO"}),
    "PO-VO": ({"BAO", "SBO", "SO"}, {"VO", "PRO", "VSO"}),
    "VO-VO": ({"VO"}, {"VO"}),
    "VO-PRO": ({"VO"}, {"PRO"}),
    "VO-VSO": ({"VO"}, {"VSO"}),
    "VO-MBO": ({"VO", "PRO", "VSO"}, {"MBO"}),
    "MBO-MBO": ({"MBO"}, {"MBO"}),
    "MBO-HBO": ({"MBO"}, {"HBO"}),
    "EXIT-WORK": ({"PRO", "VSO", "MBO"}, {"WERK"}),
}
# The terms DESIGN.md names as the shared language, and a few every user meets on the first page.
REQUIRED_TERMS = {"OPP", "TLV", "SOP", "ZAT", "MDO", "LWOO", "PrO", "VSO", "RMC", "OKR", "OSO", "VVE", "SWV"}


@pytest.fixture(scope="module")
def matrix():
    return get_matrix()


def test_all_four_age_bands_are_present_in_order(matrix):
    assert [band.code for band in matrix.bands] == list(BAND_CODES)
    for band in matrix.bands:
        assert band.partners and band.coordination, band.code


def test_every_stage_block_is_present_in_its_age_band(matrix):
    assert [stage.code for stage in matrix.stages] == list(STAGE_CODES)
    bands = {stage.code: stage.band for stage in matrix.stages}
    assert bands["VOORSCHOOL"] == "0-4"
    assert {bands[c] for c in ("BAO", "SBO", "SO")} == {"4-12"}
    assert {bands[c] for c in ("VO", "PRO", "VSO")} == {"12-18"}
    assert {bands[c] for c in ("MBO", "HBO", "WERK")} == {"16-23"}


@pytest.mark.parametrize("code", TRANSITION_CODES)
def test_every_transition_is_present_with_the_right_stages_and_guidance(matrix, code):
    transition = matrix.transition(code)
    assert transition is not None
    expected_from, expected_to = EXPECTED_TRANSITIONS[code]
    assert set(transition.from_stages) == expected_from
    assert set(transition.to_stages) == expected_to
    assert len(transition.items) >= 3
    assert transition.involved and transition.warm_handover
    assert any(i.role in ("ouder", "leerling") for i in transition.involved), "the family takes part in every move"


def test_there_are_exactly_the_twelve_transitions_of_the_matrix(matrix):
    assert [t.code for t in matrix.transitions] == list(TRANSITION_CODES)


def test_the_eleven_principles_of_the_national_matrix_are_present(matrix, shared_dir):
    seed = next((shared_dir / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    section = seed.split("Bij alle overgangsmomenten geldt dat:", 1)[1].split("In de matrix hiernaast", 1)[0]
    bullets = [line for line in section.splitlines() if line.strip().startswith("•")]
    assert len(bullets) == 11
    assert len(matrix.principles) == len(bullets)


def test_the_glossary_explains_at_least_25_terms_including_the_shared_language(matrix):
    assert len(matrix.terms) >= 25
    assert {term.term for term in matrix.terms} >= REQUIRED_TERMS


def test_rules_follow_current_law_where_the_sources_are_older(matrix):
    # Since 2016 PrO admission needs a TLV PrO from the samenwerkingsverband.
    assert "tlv_pro" in {d.kind for d in matrix.transition("VO-PRO").decisions}
    assert "tlv_pro" in {d.kind for d in matrix.transition("PO-VO").decisions}
    assert matrix.transition("VO-PRO").current_practice, "the change since the source must be explained"
    # VSO needs expert advice and a TLV VSO.
    vso = {d.kind for d in matrix.transition("VO-VSO").decisions}
    assert {"deskundigenadvies", "tlv_vso"} <= vso
    assert {"deskundigenadvies", "tlv_so"} <= {d.kind for d in matrix.transition("PO-SO").decisions}
    assert "tlv_sbo" in {d.kind for d in matrix.transition("PO-SBO").decisions}


def test_the_school_report_between_schools_is_a_legal_duty_not_consent(matrix):
    for code in ("PO-PO", "PO-VO", "VO-VO", "VO-MBO"):
        bases = {item.legal_basis for item in matrix.transition(code).items}
        assert "wettelijke_plicht" in bases, code


def test_vo_mbo_names_the_registration_deadline_of_1_april(matrix):
    dates = {(d.month, d.day) for d in matrix.transition("VO-MBO").deadlines}
    assert (4, 1) in dates


def _texts(obj):
    if isinstance(obj, Text):
        yield obj
    elif isinstance(obj, list):
        for item in obj:
            yield from _texts(item)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name))


def test_every_text_is_written_in_dutch_and_in_english(matrix):
    texts = list(_texts(matrix.meta))
    for group in (matrix.bands, matrix.stages, matrix.transitions, matrix.principles, matrix.terms):
        texts.extend(_texts(group))
    assert len(texts) > 300
    same = [t.nl for t in texts if t.nl == t.en and len(t.nl) > 40]
    assert not same, f"texts left untranslated: {same[:3]}"


def test_no_sentence_is_copied_from_the_source_documents(matrix, shared_dir):
    """Facts carry over, sentences do not: no run of 12 words from a seed appears in the data."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-zà-ÿ0-9]+", text.lower())

    seed_grams: set[tuple[str, ...]] = set()
    for seed in (shared_dir / "seeds").glob("*.txt"):
        tokens = words(re.sub(r"-\s*\n\s*", "", seed.read_text(encoding="utf-8")))
        seed_grams.update(tuple(tokens[i : i + 12]) for i in range(len(tokens) - 11))
    copied = []
    for group in (matrix.bands, matrix.stages, matrix.transitions, matrix.principles, matrix.terms):
        for text in _texts(group):
            tokens = words(text.nl)
            copied += [text.nl for i in range(len(tokens) - 11) if tuple(tokens[i : i + 12]) in seed_grams]
    assert not copied, f"copied from a source: {copied[:2]}"
