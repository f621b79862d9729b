import io

import pytest
from django.core.management import call_command

from overstap.accounts.models import Membership
from overstap.accounts.roles import Role
from overstap.organisations.models import Organisation, OrganisationType
from overstap.pupils.models import FamilyLink, Pupil, Relation

pytestmark = pytest.mark.django_db


def test_the_demo_region_has_every_organisation_type_and_a_user_for_every_role():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert set(Organisation.objects.values_list("type", flat=True)) == set(OrganisationType.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    relations = set(FamilyLink.objects.values_list("relation", flat=True))
    assert {Relation.PARENT, Relation.PUPIL} <= relations
    for organisation in Organisation.objects.all():
        organisation.full_clean()
    printed = out.getvalue()
    for membership in Membership.objects.select_related("user"):
        assert membership.user.username in printed
    assert "Overstap-demo-2026" in printed
    from overstap.consent.models import Consent
    from overstap.dossiers.models import Entry, Opp, YouthCare
    from overstap.support.models import SupportRequest

    assert Entry.objects.filter(category="zienswijze").exists() and Entry.objects.filter(closed_at__isnull=False)
    assert Opp.objects.exists() and SupportRequest.objects.exists() and Consent.objects.exists()
    # Noor's youth care has its decision for her move (the signals demo adds youth care without one).
    assert YouthCare.objects.get(pupil__family_name="Leeuwen").decisions.exists()


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Organisation.objects.count(), Membership.objects.count(), Pupil.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Organisation.objects.count(), Membership.objects.count(), Pupil.objects.count()) == counts


def test_the_demo_code_command_prints_a_working_code(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_code", "ib.regenboog", stdout=out)
    code = out.getvalue().strip()
    device = TOTPDevice.objects.get(user__username="ib.regenboog")
    assert len(code) == 6 and device.verify_token(code)


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        # The demo walk starts on the home page: the IB'er's move in inspection, Noor without a place for
        # leerplicht (she is 16: not yet RMC's), and Sem's parent reading the report.
        ("ib.regenboog", ["Sem Jansen", "kop-home-sending"], ["kop-home-without-place"]),
        ("zorg.college", ["Noor van Leeuwen"], []),
        ("leerplicht.lindendal", ["Noor van Leeuwen", "16 jaar"], ["Sem Jansen", "LWOO", "kop-home-support"]),
        ("rmc.lindendal", ["kop-home-without-place"], ["Noor van Leeuwen"]),
        ("consulent.swvpo", ["kop-home-support"], []),
        # The SWV VO follows the TLVs it granted: Yara's ends soon, Sanne's before her move to the MBO.
        ("consulent.swvvo", ["kop-mijn-signalen", "Yara Bakker", "Sanne Visser"], ["Sem Jansen"]),
        ("coach.college", ["kop-caseload", "Noor van Leeuwen"], ["kop-home-coming", "Sem Jansen"]),
        ("jgz.wijkteam", ["kop-home-coming"], ["Noor van Leeuwen", "Sem Jansen"]),
        # The district team sees Sanne's youth care ending (she gave consent to it), and no other pupil.
        ("jeugdhulp.wijkteam", ["kop-mijn-signalen", "Sanne Visser"], ["Noor van Leeuwen", "Sem Jansen"]),
        # The family home: a mother with two children, a father without parental authority, a pupil of 16.
        ("ouder.jansen", ["Sem Jansen", "Tess Jansen", "Lees het rapport over Sem"], ["Noor van Leeuwen"]),
        ("vader.jansen", ["Sem gaat naar Lindendal College.", "geen ouderlijk gezag"], ["Lees het rapport", "Tess"]),
        (
            "noor.vanleeuwen",
            ["Wat we van je vragen", "Er is nog geen plek op een nieuwe school voor je"],
            ["Sem Jansen"],
        ),
    ],
)
def test_each_demo_account_lands_on_its_own_work(client, username, shown, hidden):
    from django.contrib.auth import get_user_model

    from overstap.testing.factories import log_in

    call_command("load_demo", stdout=io.StringIO())
    user = get_user_model().objects.get(username=username)
    log_in(client, user, user.memberships.first())
    html = client.get("/").content.decode()
    for text in shown:
        assert text in html, f"{username}: {text}"
    for text in hidden:
        assert text not in html, f"{username}: {text}"
