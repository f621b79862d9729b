"""The server-drawn charts: a chart says what it shows to a screen reader, and a chart with nothing to show says so."""

from django.utils import translation

from overstap.dashboard.charts import Bar, bar_chart


def test_a_chart_names_itself_and_writes_each_value_beside_its_bar():
    svg = bar_chart(
        "Zonder plek per school", "Aantal per school", [Bar("De Regenboog", 12, "12"), Bar("Vlinder", None, "<5")]
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Zonder plek per school" in svg and "<desc" in svg
    assert ">12<" in svg and "&lt;5" in svg


def test_a_chart_of_only_hidden_counts_is_a_sentence_not_empty_outlines():
    with translation.override("nl"):
        text = bar_chart(
            "Warme overdracht", "Per schooljaar", [Bar("2025-2026", None, "x"), Bar("2026-2027", None, "<5")]
        )
    assert not text.startswith("<svg")
    assert "Warme overdracht" in text and "onder de 5" in text
