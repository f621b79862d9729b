import datetime

from django import template

from overstap.consent.categories import Basis, Category

register = template.Library()


@register.filter
def category_label(key: str) -> str:
    return Category(key).label if key in Category.values else key


@register.filter
def basis_label(key: str) -> str:
    return Basis(key).label if key in Basis.values else key


@register.filter
def iso_date(value: str):
    """A date stored as ISO text in a frozen handover, as a date the ``date`` filter can format."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
