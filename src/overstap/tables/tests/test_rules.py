"""The one access rule per pupil on the tafel, for each kind of participant, in a world of pupils at several
schools: who sees which row, which fields of it, and that what they may not see shows nowhere (not in a count, not
on a page, not in the minutes or the export)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from overstap.audit.models import AuditEvent
from overstap.authz.policy import can
from overstap.testing.factories import log_in

from ..models import Overstaptafel, TablePupil
from ..rules import visible_fields
from ..selectors import table_view, tafels_for

# Who sees which pupil's row on the tafel, written out from the product rules.
EXPECTED = {
    # The school sees its own pupils (and the one it proposes nothing for: Chaima is its pupil too).
    "college_ib": {"anna", "chaima"},
    "college_decaan": {"anna", "chaima"},
    # The other VO school: its own two pupils.
    "lyceum_zorg": {"bram", "daan"},
    # The MBO: the pupil registered with it and the one the tafel proposes to it, nobody else.
    "roc_zorg": {"bram", "chaima"},
    # Leerplicht: the young people living in its municipality, not Daan who lives elsewhere nor Emre far away.
    "leerplicht": {"anna", "bram", "chaima"},
    # The SWV consultant (convener): the region's signal (Anna) and the region's registered move (Bram).
    "consultant": {"anna", "bram"},
    # The RMC follows young people from 18: these pupils are 16, so it sees the tafel but none of them.
    "rmc": set(),
    # The overstapcoach at the ROC: the pupil on the caseload, and (as the ROC takes part) the one proposed to it.
    "roc_coach": {"bram", "chaima"},
    # Not taking part: a mentor, a policy officer, a school of another region.
    "college_mentor": set(),
    "beleid": set(),
    "far_ib": set(),
}


def _names(region, rows):
    by_pk = {row.pk: name for name, row in region["rows"].items()}
    return {by_pk[row.pk] for row in rows}


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_each_participant_sees_only_the_pupils_their_organisation_may_see(region, person):
    user = region["people"][person].user
    rows = TablePupil.objects.for_user(user, "view").filter(tafel=region["tafel"])
    assert _names(region, rows) == EXPECTED[person]
    for name, row in region["rows"].items():
        assert can(user, "view", row) is (name in EXPECTED[person])


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_the_count_on_the_list_reveals_no_pupil_the_reader_may_not_see(region, person):
    user = region["people"][person].user
    tafels = list(tafels_for(user))
    if person in ("college_mentor", "beleid", "far_ib"):
        assert tafels == []
        return
    assert [t.pupil_count for t in tafels] == [len(EXPECTED[person])]


def test_leerplicht_sees_attendance_fields_and_never_the_support_content(region):
    leerplicht = region["people"]["leerplicht"].user
    rows = list(TablePupil.objects.for_user(leerplicht, "view").filter(tafel=region["tafel"]))
    fields = visible_fields(leerplicht, rows)
    assert all("support" not in allowed and "place" in allowed for allowed in fields.values())
    chaima = next(item for item in table_view(leerplicht, region["tafel"]) if item["row"].pupil.given_names == "Chaima")
    assert chaima["support_note"] == ""


def test_the_school_and_the_mbo_read_the_support_content_of_the_pupil_they_see(region):
    for person in ("college_ib", "roc_zorg"):
        user = region["people"][person].user
        chaima = next(item for item in table_view(user, region["tafel"]) if item["row"].pupil.given_names == "Chaima")
        assert chaima["support_note"] == "Heeft een rustige plek nodig."


def test_signals_on_the_row_follow_monitorings_own_rule(region):
    # The college sees the signal it owns about Anna; the MBO sees neither her row nor her signal.
    college = {i["row"].pupil.given_names: i for i in table_view(region["people"]["college_ib"].user, region["tafel"])}
    assert [s.kind for s in college["Anna"]["signals"]] == ["geen_plek"]
    roc = {i["row"].pupil.given_names for i in table_view(region["people"]["roc_zorg"].user, region["tafel"])}
    assert "Anna" not in roc


def _client(membership):
    client = Client()
    log_in(client, membership.user, membership)
    return client


def test_the_tafel_page_shows_only_the_rows_the_reader_may_see(region):
    client = _client(region["people"]["roc_zorg"])
    response = client.get(reverse("tables:detail", kwargs={"pk": region["tafel"].pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bram" in page and "Chaima" in page
    for hidden in ("Anna", "Daan", "Emre"):
        assert hidden not in page
    assert "2 leerlingen die u mag zien" in page or "2 pupils you may see" in page


def test_a_pupil_page_the_reader_may_not_see_answers_404(region):
    client = _client(region["people"]["college_ib"])
    bram = region["rows"]["bram"]
    assert client.get(reverse("tables:row", kwargs={"pk": bram.pk})).status_code == 404
    anna = region["rows"]["anna"]
    assert client.get(reverse("tables:row", kwargs={"pk": anna.pk})).status_code == 200


def test_a_tafel_one_does_not_take_part_in_answers_404(region):
    for person in ("college_mentor", "beleid", "far_ib"):
        client = _client(region["people"][person])
        assert client.get(reverse("tables:detail", kwargs={"pk": region["tafel"].pk})).status_code == 404


def test_leerplicht_page_holds_no_support_content(region):
    client = _client(region["people"]["leerplicht"])
    page = client.get(reverse("tables:detail", kwargs={"pk": region["tafel"].pk})).content.decode()
    assert "Chaima" in page
    assert "rustige plek" not in page
    row_page = client.get(reverse("tables:row", kwargs={"pk": region["rows"]["chaima"].pk})).content.decode()
    assert "rustige plek" not in row_page


def test_the_export_holds_only_the_readers_rows_and_is_audited_as_an_export(region):
    client = _client(region["people"]["roc_zorg"])
    tafel = region["tafel"]
    response = client.get(reverse("tables:export-csv", kwargs={"pk": tafel.pk}))
    text = response.content.decode("utf-8")
    assert "Bram" in text and "Chaima" in text and "Anna" not in text and "Daan" not in text
    event = AuditEvent.objects.filter(action="export", object_type="tables.Overstaptafel").latest("pk")
    assert sorted(event.detail["pupil_ids"]) == sorted([region["pupils"]["bram"].pk, region["pupils"]["chaima"].pk])
    xlsx = client.get(reverse("tables:export-xlsx", kwargs={"pk": tafel.pk}))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_minutes_are_a_pdf_per_reader_and_audited(region):
    tafel = region["tafel"]
    for person in ("roc_zorg", "leerplicht"):
        client = _client(region["people"][person])
        response = client.get(reverse("tables:minutes", kwargs={"pk": tafel.pk}))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        event = AuditEvent.objects.filter(action="export", detail__format="pdf").latest("pk")
        expected = {region["pupils"][name].pk for name in EXPECTED[person]}
        assert set(event.detail["pupil_ids"]) == expected
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        for name, pupil in region["pupils"].items():
            assert (pupil.full_name in text) is (name in EXPECTED[person]), (person, name)
        assert ("rustige plek" in text) is (person == "roc_zorg")


def test_only_the_convener_manages(region):
    tafel = Overstaptafel.objects.get()
    assert can(region["people"]["consultant"].user, "manage", tafel)
    for person in ("college_ib", "roc_zorg", "leerplicht"):
        assert not can(region["people"][person].user, "manage", tafel)
