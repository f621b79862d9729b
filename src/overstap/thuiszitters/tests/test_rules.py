"""Who sees the register and the route, per role, in a world of two municipalities: leerplicht and the SWV share
it for their own pupils, a school sees its own, everyone else nothing (404 on a route page)."""

import pytest
from django.test import Client
from django.urls import reverse

from overstap.authz.policy import can
from overstap.testing.factories import log_in
from overstap.thuiszitters import services
from overstap.thuiszitters.selectors import register_for

from .conftest import PLANTED

pytestmark = pytest.mark.django_db


def _seen(membership):
    return {p.given_names for p in register_for(membership.user)}


@pytest.mark.parametrize(
    ("area", "role", "expected"),
    [
        # Leerplicht of A: its residents of compulsory school age who count, enrolled or not.
        ("a", "leerplicht", {"Absent6", "Unenrolled", "Never"}),
        ("b", "leerplicht", {"BAbsent"}),
        # The SWV VO of A: pupils at a school of its region now, or enrolled nowhere and last at one there.
        ("a", "swv_consulent", {"Absent6", "Unenrolled"}),
        ("b", "swv_consulent", {"BAbsent"}),
        # The SWV PO of A: none of these pupils is at a primary school.
        ("a", "swv_consulent_po", set()),
        # The VO school: its own pupils (current enrolment) only.
        ("a", "zorgcoordinator", {"Absent6"}),
        ("b", "zorgcoordinator", {"BAbsent"}),
        ("a", "ib", set()),
        ("a", "mentor", set()),
        ("a", "rmc", set()),
    ],
)
def test_the_register_per_role(town, area, role, expected):
    assert _seen(town[area][role]) == expected


def _client(membership=None, user=None):
    client = Client()
    log_in(client, user or membership.user, membership)
    return client


def _route_url(pupil):
    return reverse("thuiszitters:route", kwargs={"pupil_pk": pupil.pk})


@pytest.mark.parametrize(
    ("area", "role", "status"),
    [
        ("a", "leerplicht", 200),
        ("a", "swv_consulent", 200),
        ("a", "zorgcoordinator", 200),
        ("b", "leerplicht", 404),
        ("b", "swv_consulent", 404),
        ("b", "zorgcoordinator", 404),
        ("a", "ib", 404),
        ("a", "mentor", 404),
        ("a", "rmc", 404),
    ],
)
def test_the_route_page_per_role(town, area, role, status):
    response = _client(town[area][role]).get(_route_url(town["p"]["absent6"]))
    assert response.status_code == status


def test_the_family_gets_404(town):
    response = _client(user=town["parent"]).get(_route_url(town["p"]["absent6"]))
    assert response.status_code == 404
    assert _client(user=town["parent"]).get(reverse("thuiszitters:register")).context["total"] == 0


def test_leerplicht_and_the_swv_act_on_the_route_the_school_records_absence(town):
    pupil, a = town["p"]["absent6"], town["a"]
    for role in ("leerplicht", "swv_consulent"):
        assert can(a[role].user, "act_route", pupil)
        assert not can(a[role].user, "record_absence", pupil)
    assert can(a["zorgcoordinator"].user, "record_absence", pupil)
    assert not can(a["zorgcoordinator"].user, "act_route", pupil)
    assert not can(town["b"]["leerplicht"].user, "act_route", pupil)


def test_no_support_content_reaches_leerplicht(town):
    pupil, a = town["p"]["absent6"], town["a"]
    data = services.RouteData(a["swv_vo"], "Mevrouw Bos", None, "onderwijszorg", None, support_note=PLANTED)
    services.save_route(a["swv_consulent"].user, pupil, data, 0)
    for role, shown in (("swv_consulent", True), ("zorgcoordinator", True), ("leerplicht", False)):
        client = _client(a[role])
        page = client.get(_route_url(pupil)).content.decode()
        assert (PLANTED in page) is shown, role
        assert "Onderwijszorgarrangement" in page
    leerplicht = _client(a["leerplicht"])
    for url in (
        reverse("thuiszitters:register"),
        reverse("thuiszitters:export", kwargs={"fmt": "csv"}),
        reverse("pupils:detail", kwargs={"pk": pupil.pk}),
        reverse("ui:home"),
    ):
        assert PLANTED not in leerplicht.get(url).content.decode(errors="replace"), url
