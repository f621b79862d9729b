"""The minutes PDF sets names from many languages in a font that has their letters, and still works without it; the
pupil search finds only pupils the convener may see; the demo region has its tafels and an overdue agreement."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.testing.factories import log_in

from .. import minutes
from ..models import Overstaptafel
from ..selectors import participants_of, table_view


def test_the_minutes_embed_a_font_for_turkish_and_arabic_origin_names(region):
    pupil = region["pupils"]["anna"]
    pupil.given_names, pupil.family_name = "Şeyma", "Yılmaz-El Idrissi"
    pupil.save()
    consultant = region["people"]["consultant"].user
    items = table_view(consultant, region["tafel"])
    pdf = minutes.minutes_pdf(region["tafel"], items, list(participants_of(region["tafel"])), reader=consultant)
    assert pdf.startswith(b"%PDF")
    if minutes.fonts()[0] == "OverstapSans":
        assert b"DejaVuSans" in pdf


def test_without_dejavu_the_minutes_fall_back_to_helvetica(region, monkeypatch):
    monkeypatch.setattr(minutes, "FONT_DIRS", ("/nowhere",))
    minutes.fonts.cache_clear()
    try:
        assert minutes.fonts() == ("Helvetica", "Helvetica-Bold")
        consultant = region["people"]["consultant"].user
        pdf = minutes.minutes_pdf(region["tafel"], table_view(consultant, region["tafel"]), [], reader=consultant)
        assert pdf.startswith(b"%PDF")
    finally:
        minutes.fonts.cache_clear()


def test_the_pupil_search_finds_only_pupils_the_convener_may_see(region):
    client = Client()
    membership = region["people"]["consultant"]
    log_in(client, membership.user, membership)
    url = reverse("tables:pupil-search", kwargs={"pk": region["tafel"].pk})
    found = client.get(url, {"q": "Lid"}, HTTP_HX_REQUEST="true")
    names = {p.given_names for p in found.context["results"]}
    assert names == {"Anna", "Bram"}  # the region's signal and the region's registered move; not Emre far away


@pytest.mark.django_db
def test_the_demo_has_the_april_and_june_tafels_and_an_overdue_agreement():
    call_command("load_demo", stdout=io.StringIO())
    vo_mbo = list(Overstaptafel.objects.filter(transition="VO-MBO").order_by("held_on"))
    months = [t.held_on.month for t in vo_mbo]
    assert months[:2] == [4, 6]
    assert Overstaptafel.objects.filter(transition="PO-VO").exists()
    # The ROC's agreement was done (its signal closed itself); the college's is overdue and open.
    signal = Signal.objects.get(kind=SignalKind.TAFEL_AFSPRAAK, status=SignalStatus.OPEN)
    assert signal.owner.name == "Lindendal College"
    closed = Signal.objects.get(kind=SignalKind.TAFEL_AFSPRAAK, status=SignalStatus.AFGEHANDELD)
    assert closed.closed_automatically and closed.owner.name == "ROC Lindendal"
    assert signal.handled_where().startswith(f"/overstaptafels/{vo_mbo[0].pk}/#afspraak-")
    # The care coordinator of the college sees it, and the agreement on the home page.
    from overstap.accounts.models import User

    user = User.objects.get(username="zorg.college")
    user.acting_membership = user.memberships.get()
    assert Signal.objects.for_user(user, "view").filter(pk=signal.pk).exists()
    count = Overstaptafel.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Overstaptafel.objects.count() == count
