from django.db.models import Q, QuerySet

from .models import Enrolment, Pupil

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 5


def pupils_for(user, *, query: str = "") -> QuerySet[Pupil]:
    """The pupils this user may list, optionally narrowed by a search on name or education number."""
    pupils = Pupil.objects.for_user(user, "list")
    query = query.strip()[:MAX_QUERY_LENGTH]
    if query:
        condition = Q()
        for word in query.split()[:MAX_QUERY_WORDS]:
            condition &= (
                Q(given_names__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(onderwijsnummer=word)
            )
        pupils = pupils.filter(condition)
    return pupils.order_by("family_name", "given_names", "pk")


def school_career(user, pupil: Pupil) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.for_user(user, "view")
        .filter(pupil=pupil)
        .select_related("organisation")
        .order_by("start_date")
    )
