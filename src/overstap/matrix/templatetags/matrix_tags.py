"""Template helpers for the matrix: labels for codes, dates of deadlines and glossary terms in running text."""

import datetime
import itertools
import re
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import labels
from ..loader import get_matrix

register = template.Library()
_tooltip_ids = itertools.count(1)


@register.filter
def role_label(code: str) -> str:
    return labels.ROLES.get(code, code)


@register.filter
def legal_basis_label(code: str) -> str:
    return labels.LEGAL_BASES.get(code, code)


@register.filter
def legal_basis_help(code: str) -> str:
    return labels.LEGAL_BASIS_HELP.get(code, "")


@register.filter
def category_label(code: str) -> str:
    return labels.CATEGORIES.get(code, code)


@register.filter
def decision_label(code: str) -> str:
    return labels.DECISIONS.get(code, code)


@register.simple_tag
def source_name(key: str) -> str:
    source = get_matrix().source(key)
    return str(source.name) if source else key


@register.simple_tag
def source_cite(key: str, reference=None) -> str:
    """The source's name, followed by where in it the rule comes from when the data says so (escaped by Django)."""
    name = source_name(key)
    return f"{name} – {reference}" if reference else name


@register.filter
def stage_name(code: str) -> str:
    stage = get_matrix().stage(code)
    return str(stage.name) if stage else code


@register.filter
def deadline_date(deadline) -> str:
    if deadline.month is None:
        return ""
    # A leap year, so that 29 February could be written down too.
    return date_format(datetime.date(2024, deadline.month, deadline.day), "j F")


@lru_cache(maxsize=8)
def _term_pattern(version: str, terms_key: tuple) -> re.Pattern:
    words = sorted({word for word, _key in terms_key}, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in words)
    # Whole words only; letters with diacritics count as word characters.
    return re.compile(rf"(?<![\w'’-])({alternatives})(?![\w’-])")


def _lookup_table() -> tuple[str, dict[str, object], re.Pattern]:
    matrix = get_matrix()
    table: dict[str, object] = {}
    for term in matrix.terms:
        for word in [term.term, *term.aliases]:
            table.setdefault(word, term)
            if word[:1].islower():  # also at the start of a sentence
                table.setdefault(word[:1].upper() + word[1:], term)
    pattern = _term_pattern(matrix.version, tuple((w, t.key) for w, t in table.items()))
    return matrix.version, table, pattern


@register.filter(needs_autoescape=True)
def glossary(value, autoescape=True) -> str:
    """Escapes the text and marks the first use of each glossary term with an explanation.

    The explanation shows on hover and on keyboard focus (CSS), and the term links to the glossary page, so it
    also works without JavaScript and for screen readers (via aria-describedby).
    """
    text = str(value)
    _version, table, pattern = _lookup_table()
    glossary_url = reverse("matrix:glossary")
    language = get_language()
    seen: set[str] = set()
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        term = table.get(match.group(1))
        if term is None or term.key in seen:
            continue
        seen.add(term.key)
        out.append(conditional_escape(text[position : match.start()]))
        tooltip_id = f"begrip-uitleg-{next(_tooltip_ids)}"
        out.append(
            format_html(
                '<span class="ovs-term"><a class="ovs-term__link" href="{}#begrip-{}" aria-describedby="{}">{}</a>'
                '<span class="ovs-term__tip" role="tooltip" id="{}"><strong>{}</strong>: {}</span></span>',
                glossary_url,
                term.key,
                tooltip_id,
                match.group(1),
                tooltip_id,
                term.expansion.localised(language),
                term.definition.localised(language),
            )
        )
        position = match.end()
    out.append(conditional_escape(text[position:]))
    return mark_safe("".join(str(part) for part in out))  # noqa: S308 - every part was escaped above


@register.filter
def paragraphs(value) -> list[str]:
    """Splits a text on blank lines into paragraphs (longer texts in the data are written that way)."""
    return [part.strip() for part in re.split(r"\n\s*\n", str(value)) if part.strip()]
