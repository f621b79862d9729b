"""The demo region has the three thuiszitters its story tells, and the register and the signals agree on them."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from overstap.monitoring.models import NOT_HANDLED, Signal, SignalKind
from overstap.pupils.models import Pupil
from overstap.testing.factories import log_in
from overstap.thuiszitters import definition
from overstap.thuiszitters.selectors import register_for

pytestmark = pytest.mark.django_db


def test_the_demo_register(client):
    call_command("load_demo", stdout=io.StringIO())
    officer = get_user_model().objects.get(username="leerplicht.lindendal")
    officer.acting_membership = officer.memberships.first()
    shown = {p.given_names: definition.reason(p) for p in register_for(officer)}
    assert {"Daan", "Jesse", "Ruben"} <= set(shown)
    assert shown["Daan"].weeks == 6 and shown["Ruben"].weeks == 5 and shown["Jesse"].kind == "not_enrolled"
    everyone = definition.counted(Pupil.objects.all()).count()
    assert everyone == Signal.objects.filter(kind=SignalKind.THUISZITTER, status__in=NOT_HANDLED).count()
    log_in(client, officer, officer.memberships.first())
    home = client.get("/").content.decode()
    assert "kop-thuiszitters" in home and "1 met een herziening deze week" in home
    assert (
        "Deeltijdrooster"
        in client.get(f"/thuiszitters/leerling/{Pupil.objects.get(given_names='Jesse').pk}/").content.decode()
    )
    call_command("load_demo", stdout=io.StringIO())  # a second load changes nothing
    assert definition.counted(Pupil.objects.all()).count() == everyone
