"""A transition case in a real browser: the checklist and next steps, checked by axe-core."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ib_er_prepares_a_po_vo_transition(page, live_server, axe):
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    vo = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    client = log_in(Client(), ib.user, ib)
    page.context.add_cookies(
        [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/")
    page.get_by_role("link", name="Overstap voorbereiden").click()
    page.get_by_label("Naar welke school").select_option(label="Lindendal College")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("button", name="Starten").click()
    expect(page.get_by_role("heading", name="Overstap PO-VO")).to_be_visible()
    page.get_by_role("button", name="Aangemeld bij de nieuwe school").click()
    expect(page.locator(".ovs-facts")).to_contain_text("Aangemeld bij de nieuwe school")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert vo.incoming_cases.count() == 1
