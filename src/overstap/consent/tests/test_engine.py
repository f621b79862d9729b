"""The legal-basis engine: category × recipient × transition → basis, with deny by default."""

import pytest

from overstap.consent.categories import Basis, Category, Recipient
from overstap.consent.engine import LegalBasisError, basis_for, load_rules

OKR_TRANSITIONS = ["PO-PO", "PO-SBO", "PO-SO", "PO-VO", "VO-VO", "VO-PRO", "VO-VSO", "VO-MBO"]


@pytest.mark.parametrize("transition", OKR_TRANSITIONS)
def test_the_school_report_goes_between_schools_as_a_legal_duty(transition):
    for category in ("ontwikkeling", "ondersteuningsbehoeften", "handelingsadviezen", "opp", "zienswijze"):
        assert basis_for(category, Recipient.SCHOOL, transition).basis == Basis.WETTELIJKE_PLICHT


def test_outside_the_school_report_a_school_needs_consent():
    # Pre-school to school has no legal duty to hand over; nor does MBO to MBO or to HBO.
    for transition in ("VVE-PO", "MBO-MBO", "MBO-HBO", "EXIT-WORK", None):
        assert basis_for("ontwikkeling", Recipient.SCHOOL, transition).basis == Basis.TOESTEMMING, transition
    # Youth care and care-team notes always need consent, also inside a school-to-school move.
    assert basis_for("jeugdhulp", Recipient.SCHOOL, "PO-VO").basis == Basis.TOESTEMMING
    assert basis_for("zat_mdo", Recipient.SCHOOL, "PO-VO").basis == Basis.TOESTEMMING


def test_the_swv_works_on_its_legal_task_but_never_gets_the_bsn():
    assert basis_for("ondersteuningsbehoeften", Recipient.SWV).basis == Basis.TAAK_SWV
    assert basis_for("opp", Recipient.SWV, "PO-SO").basis == Basis.TAAK_SWV
    assert basis_for("bsn", Recipient.SWV).basis == Basis.VERBODEN


def test_leerplicht_gets_registration_and_attendance_and_never_support_or_health():
    assert basis_for("inschrijving", Recipient.LEERPLICHT).basis == Basis.TAAK_LEERPLICHT
    assert basis_for("aanwezigheid", Recipient.LEERPLICHT).basis == Basis.TAAK_LEERPLICHT
    for category in Category.values:
        if category in ("identiteit", "bsn", "inschrijving", "aanwezigheid"):
            continue
        decision = basis_for(category, Recipient.LEERPLICHT)
        assert decision.basis == Basis.VERBODEN, category


def test_youth_care_and_the_municipality_need_consent():
    for recipient in (Recipient.JEUGDHULP, Recipient.GEMEENTE):
        assert basis_for("ondersteuningsbehoeften", recipient).basis == Basis.TOESTEMMING
        assert basis_for("gezondheid", recipient).basis == Basis.TOESTEMMING


@pytest.mark.parametrize("category", ["geboorteplaats", "nationaliteit", "verwijsindex"])
def test_place_of_birth_nationality_and_verwijsindex_never_go_anywhere(category):
    for recipient in Recipient.values:
        for transition in (None, "PO-VO", "VO-MBO"):
            assert basis_for(category, recipient, transition).basis == Basis.VERBODEN


def test_what_no_rule_covers_is_never_shared():
    decision = basis_for("iets-nieuws", Recipient.SCHOOL, "PO-VO")
    assert decision.forbidden and decision.rule_key == ""
    assert basis_for("ontwikkeling", "onbekende-ontvanger").forbidden


def test_every_decision_explains_itself_in_dutch_and_english():
    decision = basis_for("ontwikkeling", Recipient.SCHOOL, "PO-VO")
    assert "aanmelding" in decision.explanation.nl and decision.explanation.en


def test_a_malformed_rules_file_names_the_file_and_key(tmp_path):
    bad = tmp_path / "legal_basis.yaml"
    bad.write_text(
        "version: '1'\nrules:\n  - key: x\n    categories: [ontwikkeling]\n    recipients: [school]\n"
        "    basis: misschien\n    explanation: {nl: a, en: b}\n    source: wet\n",
        encoding="utf-8",
    )
    with pytest.raises(LegalBasisError, match=r"legal_basis\.yaml, key 'rules\[0\]\.basis'"):
        load_rules(bad)
