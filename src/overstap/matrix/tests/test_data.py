"""The shipped matrix holds everything of the national matrix, and its texts are complete in both languages."""

import importlib.util
from pathlib import Path

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
# The shared language of the national matrix, and a few terms every user meets on the first page.
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


def test_the_eleven_principles_of_the_national_matrix_are_present(matrix):
    # The national matrix lists eleven principles that hold at every transition.
    assert len(matrix.principles) == 11
    assert len({principle.key for principle in matrix.principles}) == 11
    for principle in matrix.principles:
        for text in (principle.title, principle.text):
            assert text.nl.strip() and text.en.strip(), principle.key


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


def _fingerprint_script():
    """The script that made the fingerprint file: the test cuts and hashes words with the same functions."""
    path = Path(__file__).resolve().parents[4] / "scripts" / "seed_fingerprints.py"
    spec = importlib.util.spec_from_file_location("seed_fingerprints", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_sentence_is_copied_from_the_source_documents(matrix):
    """Facts carry over, sentences do not: no run of 12 words from a source document appears in the data.

    The source documents are not part of the repository; ``seed_fingerprints.txt`` holds a short hash of every
    12-word run in them (made by ``scripts/seed_fingerprints.py``), and the matrix texts are hashed the same way."""
    script = _fingerprint_script()
    known = script.read_fingerprints(Path(__file__).with_name("seed_fingerprints.txt"))
    assert len(known) > 10_000, "the fingerprint file is missing or truncated"
    copied = []
    for group in (matrix.bands, matrix.stages, matrix.transitions, matrix.principles, matrix.terms):
        for text in _texts(group):
            runs = script.runs(script.words(text.nl))
            copied += [" ".join(run) for run in runs if script.fingerprint(run) in known]
    assert not copied, f"copied from a source: {copied[:2]}"
