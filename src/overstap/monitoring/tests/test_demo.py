import datetime
import io

import pytest
from django.core.management import call_command

from overstap.monitoring.models import Signal, SignalEvent, SignalKind, SignalStatus

pytestmark = pytest.mark.django_db


def test_the_demo_region_has_signals_of_several_kinds_and_loading_twice_adds_none():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo signals:" in out.getvalue()
    kinds = set(Signal.objects.filter(status=SignalStatus.OPEN).values_list("kind", flat=True))
    assert {SignalKind.GEEN_PLEK, SignalKind.NO_SHOW, SignalKind.TLV_EINDIGT} <= kinds, kinds
    count = Signal.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Signal.objects.count() == count


def test_the_demo_region_has_a_signal_of_every_kind():
    call_command("load_demo", stdout=io.StringIO())
    kinds = set(Signal.objects.values_list("kind", flat=True))
    # "Not placed on 1 October" is only looked for from 1 October to 31 July (see monitoring/demo.py).
    expected = set(SignalKind.values)
    from django.utils import timezone

    if timezone.localdate().month in (8, 9):
        expected.discard(SignalKind.NIET_GEPLAATST)
    # A doorstroomdossier not ready is looked for from four weeks before its date (1 April for VO-MBO) to the end of
    # the school year; before then Noor's dossier in progress raises nothing.
    from overstap.doorstroom.deadlines import deadline, school_year_of

    today = timezone.localdate()
    if today < deadline("VO-MBO", school_year_of(today)) - datetime.timedelta(weeks=4):
        expected.discard(SignalKind.DOORSTROOMDOSSIER)
    assert expected <= kinds, expected - kinds


ENGLISH_STARTS = ("The ", "Not ", "Absent", "Registered", "Last year", "Exam year", "Follow-up", "Feedback", "An ")


def test_the_demo_stores_its_signal_texts_in_dutch_whatever_language_the_shell_speaks():
    from django.utils import translation

    with translation.override("en"):
        call_command("load_demo", stdout=io.StringIO())
    causes = set(Signal.objects.values_list("cause", flat=True))
    assert "De overstap heeft geen school: de leerling heeft geen plek." in causes
    assert not [cause for cause in causes if cause.startswith(ENGLISH_STARTS)], causes
    notes = set(SignalEvent.objects.values_list("note", flat=True))
    assert not [note for note in notes if note.startswith((*ENGLISH_STARTS, "Closed"))], notes
    assert set(SignalEvent.objects.values_list("by_name", flat=True)) == {"Overstap (automatisch)"}
