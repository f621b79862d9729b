from django.utils.safestring import SafeString

from overstap.matrix.templatetags.matrix_tags import glossary


def test_text_is_escaped_and_terms_are_marked_once():
    html = glossary("De school maakt een OPP <script>. Het OPP gaat mee.")
    assert isinstance(html, SafeString)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert html.count('class="ovs-term__link"') == 1
    assert 'href="/matrix/begrippen/#begrip-' in html


def test_terms_inside_other_words_are_left_alone():
    assert "ovs-term" not in glossary("TOPPER en SOPRAAN")


def test_each_explanation_has_a_unique_id_that_the_term_refers_to():
    first, second = glossary("OPP"), glossary("OPP")
    import re

    ids = re.findall(r'aria-describedby="([^"]+)"', first + second)
    assert len(ids) == 2 and ids[0] != ids[1]
    assert f'id="{ids[0]}"' in first
