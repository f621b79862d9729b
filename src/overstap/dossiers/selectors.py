"""Reads of the dossier that pages share. Each goes through the rule set (``for_user``); none writes."""

from django.db.models import QuerySet

from .models import Entry


def entries_for(user, pupil) -> QuerySet[Entry]:
    """The dossier entries of this pupil that the user may read, with the organisation that wrote them."""
    return Entry.objects.for_user(user, "list").filter(pupil=pupil).select_related("organisation")
