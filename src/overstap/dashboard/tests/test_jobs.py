"""The figures are computed again by the signal job, by hand and as a scheduled job."""

import io

import pytest
from django.core.management import call_command

from overstap.core.tasks import run_command
from overstap.dashboard.models import Figure, Refresh
from overstap.monitoring import engine
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_signal_job_refreshes_the_dashboard_at_its_end():
    OrganisationFactory(type=OrganisationType.GEMEENTE)
    engine.run_all()
    assert Refresh.objects.count() == 1
    engine.run_all()
    assert Refresh.objects.count() == 2  # kept, for the week-on-week reading


def test_refresh_dashboard_by_hand_and_as_a_job():
    municipality = OrganisationFactory(type=OrganisationType.GEMEENTE)
    out = io.StringIO()
    call_command("refresh_dashboard", "--today", "2026-10-05", stdout=out)
    assert "2026-10-05" in out.getvalue()
    run = Refresh.objects.get()
    assert str(run.as_of) == "2026-10-05"
    # The owner's three figures of now for the region, and leerplicht's own three.
    whole = Figure.objects.filter(refresh=run, scope=municipality, whole_region=True)
    assert whole.filter(audience="").count() == 3
    assert whole.filter(audience="leerplicht").count() == 3
    result = run_command("refresh_dashboard")
    assert result["skipped"] is False and Refresh.objects.count() == 2
