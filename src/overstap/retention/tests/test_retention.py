"""Retention: what goes on which day, per category and controller, and that every erasure is audited and journaled.

Time is frozen by passing the day: the service and the command count the terms from ``today``."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from overstap.audit.models import Action, AuditEvent
from overstap.consent.models import BreakGlass
from overstap.dossiers.models import Entry, EntryVersion, YouthCare
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Enrolment, Pupil
from overstap.retention import journal
from overstap.retention.services import apply_retention, erase
from overstap.retention.terms import Category, controller_label
from overstap.support.models import SupportRequest, SwvDecision
from overstap.testing.factories import (
    EnrolmentFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    UserFactory,
)
from overstap.thuiszitters.models import AbsenceReport

pytestmark = pytest.mark.django_db

LEFT = datetime.date(2020, 7, 31)


def day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@pytest.fixture(autouse=True)
def journal_file(settings, tmp_path):
    settings.OVERSTAP_ERASURE_JOURNAL = tmp_path / "journal" / "erasures.jsonl"
    settings.OVERSTAP_RETENTION_OVERRIDES = {}
    return settings.OVERSTAP_ERASURE_JOURNAL


@pytest.fixture
def world():
    region = RegionFactory(sector=Sector.PO)
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    school.regions.add(region)
    other = OrganisationFactory(type=OrganisationType.BAO, name="De Linde")
    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV Passend")
    swv.regions.add(region)
    municipality = OrganisationFactory(type=OrganisationType.GEMEENTE, gemeente_code="GM0363", name="Gemeente")
    pupil = PupilFactory(given_names="Sem", family_name="Verwijderbaar", municipality=municipality)
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=day("2014-08-20"), end_date=LEFT)
    return {"school": school, "other": other, "swv": swv, "municipality": municipality, "pupil": pupil}


def entry_of(pupil, organisation, title="Leesniveau"):
    entry = Entry.objects.create(
        pupil=pupil,
        category="ontwikkeling",
        title=title,
        text="Leest op niveau E5.",
        organisation=organisation,
        author_name="Juf Anna",
        recorded_on=day("2019-03-01"),
    )
    EntryVersion.objects.create(entry=entry, version=1, title=entry.title, text=entry.text, saved_by_name="Juf Anna")
    return entry


def journaled() -> list[dict]:
    return list(journal.read())


def exists(obj) -> bool:
    assert obj.pk is not None, "ask about the row by an id that was kept"
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


# --- One day inside the term it stays, one day past it goes, for each category's default ---------------------


def test_a_school_dossier_stays_two_years_after_leaving_and_goes_the_day_after(world):
    entry = entry_of(world["pupil"], world["school"])
    apply_retention(day("2022-07-31"), categories=[Category.SCHOOL_DOSSIER])
    assert exists(entry)
    apply_retention(day("2022-08-01"), categories=[Category.SCHOOL_DOSSIER])
    assert not exists(entry)
    assert not EntryVersion.objects.filter(entry_id=entry.pk).exists()


def test_a_school_dossier_never_goes_while_the_pupil_is_still_enrolled_there(world):
    EnrolmentFactory(pupil=world["pupil"], organisation=world["school"], start_date=day("2020-09-01"), end_date=None)
    entry = entry_of(world["pupil"], world["school"])
    apply_retention(day("2040-01-01"), categories=[Category.SCHOOL_DOSSIER])
    assert exists(entry)


def test_a_move_waits_until_the_pupil_left_both_schools(world):
    from overstap.transitions.models import TransitionCase

    later = EnrolmentFactory(pupil=world["pupil"], organisation=world["other"], start_date=day("2020-08-20"))
    case = TransitionCase.objects.create(
        pupil=world["pupil"],
        from_organisation=world["school"],
        to_organisation=world["other"],
        code="PO-VO",
        school_year="2019-2020",
        created_by_name="IB",
    )
    apply_retention(day("2030-01-01"), categories=[Category.SCHOOL_DOSSIER])
    assert exists(case)  # still at the receiving school
    Enrolment.objects.filter(pk=later.pk).update(end_date=day("2021-07-31"))
    apply_retention(day("2023-07-31"), categories=[Category.SCHOOL_DOSSIER])
    assert exists(case)
    apply_retention(day("2023-08-01"), categories=[Category.SCHOOL_DOSSIER])
    assert not exists(case)


def test_referral_data_stays_three_years_after_the_pupil_left_the_region(world):
    request = SupportRequest.objects.create(
        pupil=world["pupil"],
        school=world["school"],
        swv=world["swv"],
        kind="tlv_sbo",
        question="Past SBO?",
        requested_by_name="IB",
    )
    decision = SwvDecision.objects.create(
        request=request,
        granted=True,
        number="TLV-1",
        start_date=day("2018-08-01"),
        end_date=day("2020-07-31"),
        motivation="Onderbouwd",
        decided_by_name="Commissie",
    )
    apply_retention(day("2023-07-31"), categories=[Category.REFERRAL])
    assert exists(request)
    apply_retention(day("2023-08-01"), categories=[Category.REFERRAL])
    assert not exists(request) and not exists(decision)


def test_a_tlv_that_runs_past_leaving_counts_from_its_end(world):
    request = SupportRequest.objects.create(
        pupil=world["pupil"],
        school=world["school"],
        swv=world["swv"],
        kind="tlv_so",
        question="SO?",
        requested_by_name="IB",
    )
    SwvDecision.objects.create(
        request=request,
        granted=True,
        number="TLV-2",
        start_date=day("2019-08-01"),
        end_date=day("2021-07-31"),
        motivation="Onderbouwd",
        decided_by_name="Commissie",
    )
    apply_retention(day("2024-07-31"), categories=[Category.REFERRAL])
    assert exists(request)
    apply_retention(day("2024-08-01"), categories=[Category.REFERRAL])
    assert not exists(request)


def test_attendance_and_enrolment_stay_five_years(world):
    enrolment = Enrolment.objects.get(pupil=world["pupil"])
    report = AbsenceReport.objects.create(
        pupil=world["pupil"],
        school=world["school"],
        from_date=day("2020-03-01"),
        to_date=day("2020-03-20"),
        kind=AbsenceReport._meta.get_field("kind").choices[0][0],
        recorded_by_name="Administratie",
    )
    apply_retention(day("2025-07-31"), categories=[Category.ATTENDANCE])
    assert exists(enrolment) and exists(report)
    apply_retention(day("2025-08-01"), categories=[Category.ATTENDANCE])
    assert not exists(enrolment) and not exists(report)


def test_youth_care_stays_twenty_years_after_it_ended(world):
    care = YouthCare.objects.create(
        pupil=world["pupil"],
        organisation=world["school"],
        municipality=world["municipality"],
        provider="Jeugdhulp",
        care_type="ambulant",
        start_on=day("2018-01-01"),
        end_on=day("2020-06-30"),
        recorded_by_name="IB",
    )
    apply_retention(day("2040-06-30"), categories=[Category.YOUTH_CARE])
    assert exists(care)
    apply_retention(day("2040-07-01"), categories=[Category.YOUTH_CARE])
    assert not exists(care)


def test_a_category_goes_by_its_own_term_only(world):
    """On one day, the school dossier is past its term and the enrolment is not."""
    entry = entry_of(world["pupil"], world["school"])
    apply_retention(day("2023-01-01"))
    assert not exists(entry)
    assert Enrolment.objects.filter(pupil=world["pupil"]).exists()
    assert Pupil.objects.filter(pk=world["pupil"].pk).exists()


# --- Terms per controller -------------------------------------------------------------------------------------


def test_a_controller_may_keep_its_school_dossier_longer(settings, world):
    settings.OVERSTAP_RETENTION_OVERRIDES = {world["school"].brin: {"school_dossier": 4}}
    kept = entry_of(world["pupil"], world["school"])
    EnrolmentFactory(pupil=world["pupil"], organisation=world["other"], start_date=day("2012-01-01"), end_date=LEFT)
    gone = entry_of(world["pupil"], world["other"], title="Andere school")
    apply_retention(day("2023-01-01"), categories=[Category.SCHOOL_DOSSIER])
    assert exists(kept) and not exists(gone)
    apply_retention(day("2024-08-01"), categories=[Category.SCHOOL_DOSSIER])
    assert not exists(kept)


def test_a_setting_that_is_not_a_term_stops_the_run_before_anything_goes(settings, world):
    entry = entry_of(world["pupil"], world["school"])
    settings.OVERSTAP_RETENTION_OVERRIDES = {world["school"].brin: {"school_dossier": 0}}
    with pytest.raises(CommandError, match="at least 1"):
        call_command("apply_retention", "--today", "2023-01-01", stdout=io.StringIO())
    assert exists(entry)


# --- The dry run, the audit trail and the journal --------------------------------------------------------------


def test_a_dry_run_lists_ids_per_category_and_controller_and_changes_nothing(world, journal_file):
    entry = entry_of(world["pupil"], world["school"])
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--today", "2026-01-01", stdout=out)
    text = out.getvalue()
    school = controller_label(world["school"])
    assert school.startswith(world["school"].brin)
    assert f"school_dossier · {school}: 1 would go\n  dossiers.Entry: {entry.pk}\n" in text
    assert f"attendance · {school}: 1 would go" in text
    assert "Verwijderbaar" not in text and "Sem" not in text and "Leesniveau" not in text
    assert exists(entry) and Enrolment.objects.filter(pupil=world["pupil"]).exists()
    assert not AuditEvent.objects.filter(action=Action.ERASE).exists()
    assert not journal_file.exists()


def test_every_row_that_goes_is_audited_and_journaled_without_its_name(world):
    entry = entry_of(world["pupil"], world["school"])
    version = entry.versions.get()
    report = apply_retention(day("2023-01-01"), categories=[Category.SCHOOL_DOSSIER])
    assert report.deleted_rows == 2
    events = AuditEvent.objects.filter(action=Action.ERASE)
    assert {(e.object_type, e.object_id) for e in events} == {
        ("dossiers.Entry", str(entry.pk)),
        ("dossiers.EntryVersion", str(version.pk)),
    }
    for event in events:
        assert event.pupil_id == world["pupil"].pk
        assert event.detail["category"] == "school_dossier" and event.detail["term_years"] == 2
        assert event.detail["term_start"] == "2020-07-31" and event.detail["reason"] == "retention"
        assert "Leesniveau" not in event.object_repr
    lines = journaled()
    assert {(line["model"], line["pk"]) for line in lines} == {(e.object_type, e.object_id) for e in events}
    assert all(line["reason"] == "retention" and line["pupil_id"] == world["pupil"].pk for line in lines)


def test_only_the_named_organisation_is_touched(world):
    EnrolmentFactory(pupil=world["pupil"], organisation=world["other"], start_date=day("2012-01-01"), end_date=LEFT)
    mine = entry_of(world["pupil"], world["school"])
    theirs = entry_of(world["pupil"], world["other"])
    call_command(
        "apply_retention", "--organisation", world["other"].brin, "--today", "2023-01-01", stdout=io.StringIO()
    )
    assert exists(mine) and not exists(theirs)


def test_bad_input_is_refused_with_a_clear_message(world):
    with pytest.raises(CommandError, match="no organisation has the BRIN"):
        call_command("apply_retention", "--organisation", "99ZZ", stdout=io.StringIO())
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("apply_retention", "--category", "alles", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("apply_retention", "--today", "gisteren", stdout=io.StringIO())


def test_the_pupil_record_goes_last_once_nothing_else_holds_it(world):
    pupil = world["pupil"]
    entry_of(pupil, world["school"])
    apply_retention(day("2026-01-01"))  # enrolment 5 years after 2020-07-31: gone, and then the pupil
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    assert ("pupils.Pupil", str(pupil.pk)) in {(line["model"], line["pk"]) for line in journaled()}


def test_a_pupil_that_another_record_protects_is_kept_and_reported(world):
    pupil = world["pupil"]
    BreakGlass.objects.create(pupil=pupil, user=UserFactory(), organisation=world["school"], reason="Veiligheid")
    out = io.StringIO()
    call_command("apply_retention", "--today", "2026-01-01", stdout=out)
    assert Pupil.objects.filter(pk=pupil.pk).exists()
    assert f"kept, protected by other records: pupils.Pupil {pupil.pk}" in out.getvalue()


def test_an_erasure_on_request_is_journaled_as_such(world):
    entry = entry_of(world["pupil"], world["school"])
    pk = entry.pk
    officer = UserFactory()
    erase(entry, user=officer)
    assert not Entry._base_manager.filter(pk=pk).exists()
    assert {(line["reason"], line["by"]) for line in journaled()} == {("request", str(officer))}
    assert AuditEvent.objects.filter(action=Action.ERASE, object_id=str(pk), actor_id=officer.pk).exists()


# --- After a restore ------------------------------------------------------------------------------------------


def _restore(entry_values: dict) -> Entry:
    """What a restore of an older backup does to one erased row: it is back, with its old id."""
    return Entry._base_manager.create(**entry_values)


def test_reapplying_the_journal_erases_a_restored_row_again_and_is_idempotent(world):
    entry = entry_of(world["pupil"], world["school"])
    values = {f.attname: getattr(entry, f.attname) for f in Entry._meta.concrete_fields}
    apply_retention(day("2023-01-01"), categories=[Category.SCHOOL_DOSSIER])
    _restore(values)
    assert Entry._base_manager.filter(pk=entry.pk).exists()

    assert journal.reapply_erasures() == 1
    assert not Entry._base_manager.filter(pk=entry.pk).exists()
    again = AuditEvent.objects.filter(action=Action.ERASE, object_id=str(entry.pk), detail__reapplied=True)
    assert again.count() == 1
    lines = len(journaled())
    assert journal.reapply_erasures() == 0
    assert len(journaled()) == lines  # reapplying does not grow the journal


def test_after_reapplying_a_new_row_never_gets_an_erased_id(world):
    from django.db import connection

    entry = entry_of(world["pupil"], world["school"])
    erased_pk = entry.pk
    apply_retention(day("2023-01-01"), categories=[Category.SCHOOL_DOSSIER])
    # A restore from before the entry existed: the id counter is back below the erased id.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = 0 WHERE name = 'dossiers_entry'")
        else:
            cursor.execute("SELECT setval(pg_get_serial_sequence('dossiers_entry', 'id'), 1, false)")
    journal.reapply_erasures()
    assert entry_of(world["pupil"], world["school"], title="Nieuw").pk > erased_pk


def test_a_torn_last_line_is_skipped_and_a_broken_middle_line_stops_the_reapply(world, journal_file):
    entry = entry_of(world["pupil"], world["school"])
    erase(entry, user=UserFactory())
    with journal_file.open("a") as handle:
        handle.write('{"model": "dossiers.Entry", "pk"')
    assert journal.reapply_erasures() == 0
    with journal_file.open("a") as handle:
        handle.write("\n" + json.dumps({"v": 1, "model": "dossiers.Entry", "pk": "1", "reason": "request"}) + "\n")
    with pytest.raises(CommandError, match="line"):
        call_command("reapply_erasures", stdout=io.StringIO())


def test_the_restore_hook_names_the_reapply():
    from django.conf import settings
    from django.utils.module_loading import import_string

    assert import_string(settings.OVERSTAP_AFTER_RESTORE[0]) is journal.reapply_erasures


def test_the_daily_job_runs_the_command_through_the_one_task(world):
    from django.conf import settings

    from overstap.core.tasks import run_command

    entry = entry_of(world["pupil"], world["school"])
    assert any(job["args"] == ("apply_retention",) for job in settings.CELERY_BEAT_SCHEDULE.values())
    result = run_command("apply_retention")
    assert not result["skipped"] and not exists(entry)


def test_the_who_looked_page_shows_an_erasure_by_overstap_without_a_code(client, world):
    from django.urls import reverse

    from overstap.testing.factories import MembershipFactory, log_in

    pupil = world["pupil"]
    EnrolmentFactory(pupil=pupil, organisation=world["other"], start_date=day("2020-08-20"), end_date=None)
    apply_retention(day("2026-01-01"), categories=[Category.ATTENDANCE])  # the old enrolment goes
    ib = MembershipFactory(organisation=world["other"], role="ib")
    log_in(client, ib.user, ib)
    html = client.get(reverse("pupils:audit", args=[pupil.pk])).content.decode()
    assert "definitief gewist" in html and "Overstap" in html
    assert "apply_retention" not in html and "pupils.Enrolment" not in html


def test_a_record_within_its_term_again_when_its_batch_runs_is_kept(world):
    """The list is made before the batch's transaction: a pupil who enrolled again in between keeps the dossier."""
    from overstap.retention.rules import due
    from overstap.retention.services import Report, _apply_batch
    from overstap.retention.terms import Terms

    entry = entry_of(world["pupil"], world["school"])
    today = day("2023-01-01")
    listed = due(today, Terms(), categories={Category.SCHOOL_DOSSIER})
    assert [item.obj.pk for item in listed] == [entry.pk]
    EnrolmentFactory(pupil=world["pupil"], organisation=world["school"], start_date=day("2022-12-01"), end_date=None)
    report = Report(dry_run=False, today=today)
    _apply_batch(listed, today=today, terms=Terms(), report=report, by="apply_retention")
    assert exists(entry) and report.kept_on_recheck == 1 and not journaled()


def test_an_organisation_is_named_by_brin_municipality_code_or_region_code(world):
    from overstap.retention.selectors import organisations_named

    region = world["swv"].regions.get()
    assert organisations_named(world["school"].brin.lower()) == [world["school"]]
    assert organisations_named("gm0363") == [world["municipality"]]
    assert organisations_named(region.code) == [world["swv"]]
