import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from overstap.audit.models import AuditEvent
from overstap.organisations.models import BRIN_RE, SCHOOL_TYPES, Organisation, OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.transitions.models import Handover, Status, TransitionCase

pytestmark = pytest.mark.django_db

TODAY = "2026-12-06"


def generate(*extra, pupils=200, seed=1):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate_region",
        "--pupils",
        str(pupils),
        "--seed",
        str(seed),
        "--today",
        TODAY,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def fingerprint() -> list:
    """The generated rows without their ids and the times the models set on save."""
    orgs = dict(Organisation.objects.values_list("pk", "brin"))
    pupils = {
        pk: row
        for pk, *row in Pupil.objects.order_by("pk").values_list(
            "pk", "given_names", "family_name_prefix", "family_name", "birth_date"
        )
    }
    return [
        sorted(Organisation.objects.values_list("name", "type", "brin", "gemeente_code")),
        list(pupils.values()),
        [
            (tuple(pupils[p]), orgs[o], start, end)
            for p, o, start, end in Enrolment.objects.order_by("pk").values_list(
                "pupil_id", "organisation_id", "start_date", "end_date"
            )
        ],
        [
            (tuple(pupils[p]), orgs[f], code, status, planned)
            for p, f, code, status, planned in TransitionCase.objects.order_by("pk").values_list(
                "pupil_id", "from_organisation_id", "code", "status", "planned_on"
            )
        ],
        [
            (tuple(pupils[p]), at, action, name)
            for p, at, action, name in AuditEvent.objects.order_by("pk").values_list(
                "pupil_id", "at", "action", "actor_name"
            )[:500]
        ],
    ]


class RolledBack(Exception):
    pass


def generated_fingerprint(seed: int) -> list:
    """The fingerprint of a region generated on the empty database, which is then rolled back."""
    try:
        with transaction.atomic():
            generate(seed=seed)
            result = fingerprint()
            raise RolledBack
    except RolledBack:
        return result


def test_the_same_seed_gives_the_same_region_and_another_seed_another():
    first = generated_fingerprint(1)
    assert first[1] and first[3] and first[4]
    assert generated_fingerprint(1) == first
    other = generated_fingerprint(2)
    assert other[1] != first[1]
    assert other[3] != first[3]


def test_every_organisation_type_and_every_case_status_is_there():
    generate()
    assert set(Organisation.objects.values_list("type", flat=True)) == set(OrganisationType.values)
    schools = Organisation.objects.filter(type__in=SCHOOL_TYPES)
    assert all(BRIN_RE.match(brin) for brin in schools.values_list("brin", flat=True))
    assert set(TransitionCase.objects.values_list("status", flat=True)) == set(Status.values)
    assert Pupil.objects.exclude(family_name_prefix="").exists()


def test_what_a_status_implies_is_there():
    generate()
    sent = TransitionCase.objects.filter(status__in=["verzonden", "geopend", "afgerond"])
    assert Handover.objects.filter(case__in=sent).count() == sent.count()
    assert not Handover.objects.filter(case__status__in=["voorbereiding", "aangemeld"]).exists()
    assert not Handover.objects.filter(case__status="verzonden").exclude(opened_at=None).exists()
    assert not TransitionCase.objects.filter(status="geen_plek").exclude(to_organisation=None).exists()
    # One move per pupil at most, and a started one left the pupil's one running enrolment at the new school.
    assert TransitionCase.objects.values("pupil").distinct().count() == TransitionCase.objects.count()
    for case in TransitionCase.objects.filter(status="gestart")[:20]:
        running = Enrolment.objects.filter(pupil_id=case.pupil_id, end_date=None)
        assert list(running.values_list("organisation_id", flat=True)) == [case.to_organisation_id]


def test_audit_events_per_pupil_and_progress_on_stderr():
    out, err = generate("--audit-events-per-pupil", "10")
    assert AuditEvent.objects.count() == 2000
    lines = [line for line in err.splitlines() if line.startswith("generate_region:")]
    assert lines[-1].startswith("generate_region: 100%")
    assert len(lines) == 10
    assert "pupils" in out and "200" in out


def test_a_second_run_refuses_skips_or_adds_a_separate_region():
    generate("--audit-events-per-pupil", "0")
    pupils = Pupil.objects.count()
    with pytest.raises(CommandError, match="already holds"):
        generate("--audit-events-per-pupil", "0")
    assert Pupil.objects.count() == pupils
    out, _err = generate("--audit-events-per-pupil", "0", "--existing", "skip")
    assert "nothing generated" in out
    assert Pupil.objects.count() == pupils
    generate("--audit-events-per-pupil", "0", "--existing", "add")
    assert Pupil.objects.count() == 2 * pupils
    assert set(Organisation.objects.filter(type="swv_po").values_list("regions__code", flat=True)) == {
        "PO 98-01",
        "PO 98-02",
    }


def test_it_adds_its_region_beside_the_demo_region():
    call_command("load_demo", stdout=io.StringIO())
    demo_pupils = Pupil.objects.count()
    generate("--audit-events-per-pupil", "0")
    assert Pupil.objects.count() == demo_pupils + 200
