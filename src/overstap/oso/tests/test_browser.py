"""Importing an OSO dossier in a real browser on a 320 px phone and at a desktop: the care coordinator finds the
import from the pupil list, uploads the file, reads the preview (the pupil, what goes where, what is not taken)
and confirms by keyboard. axe-core finds nothing serious, nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType
from overstap.oso import gegevensset
from overstap.testing.browser import check_page, signed_in_page
from overstap.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
def test_the_care_coordinator_previews_and_imports_a_dossier(browser, live_server, axe, width, tmp_path, settings):
    files = {p.name: p for p in gegevensset.example_files()}
    if "Voorbeelddossier_OV_POVO_full.xml" not in files:
        pytest.skip("The OSO gegevensset examples are not installed (setting OVERSTAP_OSO_DIR).")
    settings.OVERSTAP_IMPORT_DIR = tmp_path
    school = OrganisationFactory(type=OrganisationType.VO, name="Het Lyceum", brin="11AA")
    member = MembershipFactory(organisation=school, role="zorgcoordinator")
    page = signed_in_page(browser, live_server, member, width=width)
    page.goto(f"{live_server.url}/leerlingen/")
    page.get_by_role("link", name="Een OSO-dossier inlezen").click()
    check_page(page, axe, f"oso-import-start-{width}")
    data = files["Voorbeelddossier_OV_POVO_full.xml"].read_bytes()
    page.get_by_label("Bestand").set_input_files({"name": "povo.xml", "mimeType": "text/xml", "buffer": data})
    page.get_by_role("button", name="Laden en bekijken wat er gebeurt").press("Enter")
    expect(page.get_by_role("heading", name="Wat gaat waarheen")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Daan van de Berg")
    expect(page.locator("main")).to_contain_text("Verzuim legt de huidige school")
    check_page(page, axe, f"oso-import-preview-{width}")
    assert not Entry.objects.exists()
    page.get_by_role("button", name="Inlezen in het dossier").press("Enter")
    expect(page.get_by_role("heading", name="Wat ging waarheen")).to_be_visible()
    check_page(page, axe, f"oso-import-done-{width}")
    assert Entry.objects.filter(organisation=school).exists()
