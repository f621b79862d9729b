"""Importing a pupil list in a real browser on a 320 px phone and at a desktop: the IB'er uploads a CSV, sees the
recognised columns, checks the list, reads the problem rows by row and column, chooses the valid rows and
imports them, all by keyboard after choosing the file. axe-core finds nothing serious, nothing scrolls sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Pupil
from overstap.testing.browser import check_page, signed_in_page
from overstap.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _list() -> bytes:
    born = datetime.date(datetime.date.today().year - 9, 5, 1).strftime("%d-%m-%Y")
    return (
        "Voornamen;Achternaam;Geboortedatum;BSN;Groep\r\n"
        f"Sem;Jansen;{born};111222333;6a\r\n"
        f"Noor;Dijk;31-02-2015;;6b\r\n"
        f"Fatima;El Amrani;{born};123456782;6a\r\n"
    ).encode()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_ib_uploads_checks_and_imports_a_list(browser, live_server, axe, width, tmp_path, settings):
    settings.OVERSTAP_IMPORT_DIR = tmp_path
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Linde")
    ib = MembershipFactory(organisation=school, role="ib")
    page = signed_in_page(browser, live_server, ib, width=width)
    page.goto(f"{live_server.url}/leerlingen/")
    page.get_by_role("link", name="Een leerlingenlijst uit uw administratiesysteem inlezen").click()
    check_page(page, axe, f"import-start-{width}")
    page.get_by_label("Bestand").set_input_files({"name": "export.csv", "mimeType": "text/csv", "buffer": _list()})
    page.get_by_role("button", name="Uploaden en de kolommen kiezen").press("Enter")
    expect(page.get_by_label("Achternaam", exact=True)).to_have_value("Achternaam")
    expect(page.get_by_label("Groep of klas")).to_have_value("Groep")
    check_page(page, axe, f"import-columns-{width}")
    page.get_by_label("Alleen de goede rijen: sla de rijen met een probleem over").check()
    page.get_by_role("button", name="Lijst controleren").press("Enter")
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("“31-02-2015” is geen datum")
    expect(problems).to_contain_text("Geboortedatum")
    check_page(page, axe, f"import-checked-{width}")
    assert Pupil.objects.count() == 0
    page.get_by_role("button", name="2 leerlingen inlezen").press("Enter")
    expect(page.get_by_test_id("import-status")).to_have_text("Ingelezen")
    expect(page.get_by_test_id("import-report")).to_contain_text("2 nieuwe leerlingen toegevoegd")
    check_page(page, axe, f"import-done-{width}")
    assert Pupil.objects.count() == 2
