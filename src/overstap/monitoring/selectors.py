"""Reads of signals for a person: always through the checkpoint (``for_user``)."""

from django.db.models import Count, QuerySet

from .models import NOT_HANDLED, Signal, SignalKind, SignalStatus


def signals_for(user, *, kind: str = "", status: str = "") -> QuerySet[Signal]:
    """The signals this user may see, not-handled ones by default, with what the list shows in the same query."""
    signals = Signal.objects.for_user(user, "list").select_related("pupil", "owner", "case")
    if kind in SignalKind.values:
        signals = signals.filter(kind=kind)
    if status in SignalStatus.values:
        signals = signals.filter(status=status)
    elif status != "alle":
        signals = signals.filter(status__in=NOT_HANDLED)
    return signals.order_by("due_on", "-raised_on", "-pk")


def counts_per_kind(user) -> list[tuple[str, str, int]]:
    """(kind, label, number) of the user's not-handled signals, one query."""
    rows = (
        Signal.objects.for_user(user, "list")
        .filter(status__in=NOT_HANDLED)
        .values("kind")
        .annotate(number=Count("pk"))
        .order_by("kind")
    )
    return [(row["kind"], SignalKind(row["kind"]).label, row["number"]) for row in rows]


def open_for(user, **filters) -> QuerySet[Signal]:
    return Signal.objects.for_user(user, "view").filter(status__in=NOT_HANDLED, **filters).select_related("owner")


def history(signal: Signal):
    return signal.events.all()
