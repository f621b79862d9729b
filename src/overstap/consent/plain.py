"""The categories that need consent, in plain words for the family: what the information is, said to a parent
(about their child, "u") or to the pupil ("je"). The question about consent is built from these words, so that a
family reads what they decide on, not the name of a category."""

from django.utils.translation import gettext as _

from .categories import Category


def _words() -> dict[str, tuple[str, str, str, str]]:
    """category -> (what, to a parent; what, to the pupil; what it means, to a parent; to the pupil)."""
    return {
        Category.THUISSITUATIE: (
            _("information about the home situation of %(name)s"),
            _("information about your home situation"),
            _("How %(name)s is growing up and what goes on at home, as far as the new school needs to know it."),
            _("How you are growing up and what goes on at home, as far as the new school needs to know it."),
        ),
        Category.JEUGDHULP: (
            _("information about the youth care of %(name)s"),
            _("information about your youth care"),
            _("Which youth care %(name)s or your family gets, since when, and who the care worker is."),
            _("Which youth care you or your family get, since when, and who your care worker is."),
        ),
        Category.ZAT_MDO: (
            _("notes of care meetings about %(name)s"),
            _("notes of care meetings about you"),
            _("What the school and its care team said and agreed about %(name)s in their meetings."),
            _("What the school and its care team said and agreed about you in their meetings."),
        ),
        Category.GEZONDHEID: (
            _("information about the health of %(name)s"),
            _("information about your health"),
            _("What the school knows about the health of %(name)s, for example from the youth health care."),
            _("What the school knows about your health, for example from the youth health care."),
        ),
        Category.BIJLAGEN: (
            _("extra documents about %(name)s"),
            _("extra documents about you"),
            _("Documents the school keeps about %(name)s, such as a report of a test or of a doctor."),
            _("Documents the school keeps about you, such as a report of a test or of a doctor."),
        ),
    }


def what(category: str, name: str, *, to_pupil: bool) -> str:
    """The information, as the object of the question ("Mag de school … doorgeven?")."""
    words = _words().get(category)
    if words is None:
        label = Category(category).label if category in Category.values else category
        text = _("“%(category)s” about you") if to_pupil else _("“%(category)s” about %(name)s")
        return text % {"category": label, "name": name}
    return (words[1] if to_pupil else words[0]) % {"name": name}


def meaning(category: str, name: str, *, to_pupil: bool) -> str:
    """What the information holds, in one sentence."""
    words = _words().get(category)
    if words is None:
        return str(Category(category).label) if category in Category.values else category
    return (words[3] if to_pupil else words[2]) % {"name": name}
