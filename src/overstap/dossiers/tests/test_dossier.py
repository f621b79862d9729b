"""The growing dossier: entries by category with author, date and validity, history, concurrent edits, views."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.dossiers.models import Entry, EntryVersion
from overstap.dossiers.services import EditConflict, EntryData, close_entry, create_entry, update_entry
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    organisation = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=organisation)
    ib = MembershipFactory(organisation=organisation, role="ib")
    return organisation, pupil, ib


def _entry(user, pupil, **overrides):
    data = {
        "category": "ondersteuningsbehoeften",
        "title": "Rekenen",
        "text": "Heeft steun nodig bij breuken.",
        **overrides,
    }
    return create_entry(user, pupil, EntryData(**data))


def test_an_entry_keeps_author_organisation_date_and_a_first_version(school):
    organisation, pupil, ib = school
    entry = _entry(ib.user, pupil)
    assert entry.author_name == str(ib.user) and entry.organisation == organisation and entry.author_role == "ib"
    assert entry.recorded_on == timezone.localdate() and entry.is_current
    assert list(entry.versions.values_list("version", flat=True)) == [1]
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="dossiers.Entry", pupil_id=pupil.pk).exists()


@pytest.mark.parametrize(
    ("org_type", "good", "bad"),
    [
        (OrganisationType.VOORSCHOOL, "spel", "basisvaardigheden"),
        (OrganisationType.BAO, "basisvaardigheden", "spel"),
        (OrganisationType.MBO, "opleidingen", "gedrag"),
    ],
)
def test_development_domains_fit_the_stage(org_type, good, bad):
    organisation = OrganisationFactory(type=org_type)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=organisation)
    role = "voorschool_medewerker" if org_type == OrganisationType.VOORSCHOOL else "zorgcoordinator"
    author = MembershipFactory(organisation=organisation, role=role).user
    _entry(author, pupil, category="ontwikkeling", domain=good)
    with pytest.raises(ValidationError) as error:
        _entry(author, pupil, category="ontwikkeling", domain=bad)
    assert "domain" in error.value.message_dict


def test_every_edit_keeps_its_history(school):
    _organisation, pupil, ib = school
    entry = _entry(ib.user, pupil)
    entry = update_entry(ib.user, entry, EntryData("ondersteuningsbehoeften", "Rekenen", "Breuken gaan beter."), 1)
    entry = update_entry(ib.user, entry, EntryData("ondersteuningsbehoeften", "Rekenen", "Breuken gaan goed."), 2)
    texts = list(EntryVersion.objects.filter(entry=entry).order_by("version").values_list("text", flat=True))
    assert texts == ["Heeft steun nodig bij breuken.", "Breuken gaan beter.", "Breuken gaan goed."]


def test_the_second_of_two_simultaneous_saves_is_refused_and_nothing_is_lost(school):
    organisation, pupil, ib = school
    colleague = MembershipFactory(organisation=organisation, role="zorgcoordinator")
    entry = _entry(ib.user, pupil)
    update_entry(ib.user, entry, EntryData("ondersteuningsbehoeften", "Rekenen", "Versie van de IB'er."), 1)
    with pytest.raises(EditConflict) as conflict:
        update_entry(colleague.user, entry, EntryData("ondersteuningsbehoeften", "Rekenen", "Versie collega."), 1)
    assert conflict.value.current.text == "Versie van de IB'er."
    assert Entry.objects.get(pk=entry.pk).text == "Versie van de IB'er."


def test_the_conflict_page_shows_the_second_persons_text_back(school):
    organisation, pupil, ib = school
    colleague = MembershipFactory(organisation=organisation, role="zorgcoordinator")
    entry = _entry(ib.user, pupil)
    first, second = log_in(Client(), ib.user, ib), log_in(Client(), colleague.user, colleague)
    form = {"category": entry.category, "title": "Rekenen", "recorded_on": "", "valid_until": "", "version": 1}
    assert first.post(f"/dossier/{entry.pk}/bewerken/", {**form, "text": "Tekst van de IB'er."}).status_code == 302
    response = second.post(f"/dossier/{entry.pk}/bewerken/", {**form, "text": "Tekst van de collega."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Tekst van de collega." in html and "Tekst van de IB&#x27;er." in html
    assert (
        "Iemand anders heeft deze informatie opgeslagen terwijl u ze aanpaste. Uw tekst is nog niet opgeslagen" in html
    )
    # Nothing of the first person's save is overwritten, and the form now holds the newest version to save on top of.
    entry.refresh_from_db()
    assert (entry.text, entry.version) == ("Tekst van de IB'er.", 2)
    assert (
        AuditEvent.objects.filter(action=Action.UPDATE, object_type="dossiers.Entry", object_id=str(entry.pk)).count()
        == 1
    )
    assert 'name="version" value="2"' in html


def test_stale_information_is_closed_not_carried_along(school):
    _organisation, pupil, ib = school
    old = _entry(
        ib.user,
        pupil,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
        recorded_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    assert not old.is_current
    entry = _entry(ib.user, pupil)
    with pytest.raises(ValidationError):
        close_entry(ib.user, entry, "")
    close_entry(ib.user, entry, "Niet meer van toepassing sinds groep 7.")
    entry.refresh_from_db()
    assert not entry.is_current and entry.closed_reason.startswith("Niet meer")


def test_bad_input_names_the_field_and_changes_nothing(client, school):
    _organisation, pupil, ib = school
    log_in(client, ib.user, ib)
    response = client.post(
        f"/leerlingen/{pupil.pk}/dossier/nieuw/",
        {"category": "ontwikkeling", "domain": "spel", "title": "", "text": "", "recorded_on": "31-02-2025"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Titel:" in html and "Tekst:" in html and "Datum:" in html
    assert not Entry.objects.exists()


def test_parents_add_their_view_beside_what_the_school_wrote(client, school):
    _organisation, pupil, ib = school
    _entry(ib.user, pupil)
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    log_in(client, parent)
    response = client.post(
        f"/leerlingen/{pupil.pk}/dossier/nieuw/",
        {"category": "zienswijze", "title": "Rekenen thuis", "text": "Thuis gaat rekenen met blokjes goed."},
    )
    assert response.status_code == 302
    view = Entry.objects.get(category="zienswijze")
    assert view.organisation is None and view.author_role == "family"
    with pytest.raises(ValidationError):
        _entry(parent, pupil)  # a parent cannot write in the school's part
    log_in(client, ib.user, ib)
    html = client.get(f"/leerlingen/{pupil.pk}/dossier/").content.decode()
    assert "Thuis gaat rekenen met blokjes goed." in html and "Heeft steun nodig bij breuken." in html


def test_who_may_read_and_write(client, school):
    organisation, pupil, ib = school
    entry = _entry(ib.user, pupil)
    mentor = MembershipFactory(organisation=organisation, role="mentor")
    leerplicht = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.GEMEENTE), role="leerplicht")
    pupil.municipality = leerplicht.organisation
    pupil.save()
    other_school = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="ib")
    log_in(client, mentor.user, mentor)
    assert client.get(f"/leerlingen/{pupil.pk}/dossier/").status_code == 200
    assert client.get(f"/dossier/{entry.pk}/bewerken/").status_code == 404  # not the mentor's own entry
    with pytest.raises(ValidationError):
        _entry(mentor.user, pupil, category="thuissituatie")
    _entry(mentor.user, pupil, category="handelingsadviezen", title="Instructie", text="Korte instructie werkt.")
    for outsider in (leerplicht, other_school):
        log_in(client, outsider.user, outsider)
        assert client.get(f"/leerlingen/{pupil.pk}/dossier/").status_code == 404
        assert client.get(f"/dossier/{entry.pk}/geschiedenis/").status_code == 404
        with pytest.raises(PermissionDenied):
            _entry(outsider.user, pupil)


def test_a_dossier_read_names_the_entries_and_sections_it_showed(client, school):
    _organisation, pupil, ib = school
    support = _entry(ib.user, pupil)
    home = _entry(ib.user, pupil, category="thuissituatie", title="Thuis", text="Twee huizen.")
    closed = _entry(ib.user, pupil, title="Oud", text="Niet meer zo.")
    close_entry(ib.user, closed, "Niet meer van toepassing sinds groep 7.")
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    view = create_entry(parent, pupil, EntryData(category="zienswijze", title="Thuis", text="Gaat goed."))
    log_in(client, ib.user, ib)

    response = client.get(f"/leerlingen/{pupil.pk}/dossier/")
    read = AuditEvent.objects.get(action=Action.READ, request_id=response["X-Request-ID"])
    assert read.object_type == "pupils.Pupil" and read.pupil_id == pupil.pk
    # The closed entry is not on the page unless asked for, so it is not named either.
    assert read.detail["shown"] == {"dossiers.Entry": sorted([support.pk, home.pk, view.pk])}
    assert read.detail["sections"] == ["ondersteuningsbehoeften", "thuissituatie", "zienswijze"]

    response = client.get(f"/leerlingen/{pupil.pk}/dossier/?afgesloten=1")
    read = AuditEvent.objects.get(action=Action.READ, request_id=response["X-Request-ID"])
    assert read.detail["shown"] == {"dossiers.Entry": sorted([support.pk, home.pk, closed.pk, view.pk])}
    assert read.detail["closed"] is True
