"""No personal data reaches the logs.

A pupil with a name made up for this run, a BSN drawn for it and a diagnosis that exists nowhere else is driven
through the pages, the workflow of a move, the imports (pupil list and OSO), the scheduled jobs and a server error.
Everything any logger writes is captured at DEBUG (the configured console handler, plus a handler of our own on the
root logger and on every logger there is, each set to DEBUG), and so is what the management commands print. Then
none of the three may appear in it. Where a path needs something to fail (a bad date, a form without a title, an
unknown page with the name in its query string, a step the workflow refuses), it fails on purpose.
"""

import datetime
import io
import logging
import random
import re
import string
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from overstap.core.logging import JsonFormatter, KeyValueFormatter
from overstap.core.tasks import run_command
from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType, Sector
from overstap.oso import gegevensset
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    UserFactory,
    log_in,
)
from overstap.transitions.cases import tick_checklist_item
from overstap.transitions.handover import choose_categories, record_inzage, waive_family_view
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(10)).capitalize()


def _bsn(rng: random.Random) -> str:
    """A BSN that passes the eleven-test, drawn for this run."""
    while True:
        digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last <= 9:
            return "".join(map(str, [*digits, last]))


class _Capture(logging.Handler):
    """Keeps every record as the project's formatters would write it, and its message."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.formatters = (JsonFormatter(), KeyValueFormatter())

    def emit(self, record):
        self.texts.append(record.getMessage())
        self.texts.extend(formatter.format(record) for formatter in self.formatters)


@pytest.fixture
def every_log():
    """Everything written to any logger while the test runs, at DEBUG: through the configured console handler
    (what an operator reads) and through a handler of our own on the root and every logger."""
    console = logging.getLogger().handlers[0]
    console_stream = io.StringIO()
    previous_stream = console.setStream(console_stream)
    capture = _Capture()
    names = ["", "django", "django.request", "django.server", "django.security", "celery", "celery.app.trace"]
    names += [name for name, obj in logging.Logger.manager.loggerDict.items() if isinstance(obj, logging.Logger)]
    loggers = {logging.getLogger(name) for name in names}
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.addHandler(capture)
        logger.setLevel(logging.DEBUG)
    console_level = console.level
    console.setLevel(logging.DEBUG)
    try:
        yield lambda: "\n".join([console_stream.getvalue(), *capture.texts])
    finally:
        for logger, level in levels.items():
            logger.removeHandler(capture)
            logger.setLevel(level)
        console.setLevel(console_level)
        console.setStream(previous_stream)


@pytest.fixture
def planted():
    rng = random.Random()  # noqa: S311 (made-up test data, not a secret)
    return {
        "given": _word(rng),
        "family": _word(rng),
        "diagnosis": f"dyscalculie-{_word(rng).lower()}",
        "bsn": _bsn(rng),
    }


@pytest.fixture
def world(planted, settings, tmp_path):
    settings.DEBUG = False
    settings.OVERSTAP_IMPORT_DIR = tmp_path / "imports"
    po_region = RegionFactory(sector=Sector.PO, code="PO 77-01")
    vo_region = RegionFactory(sector=Sector.VO, code="VO 77-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Wilg", brin="77AA", vestiging="00")
    school.regions.add(po_region)
    vo = OrganisationFactory(type=OrganisationType.VO, name="Het Baken", brin="77BB", vestiging="00")
    vo.regions.add(vo_region)
    pupil = PupilFactory(
        given_names=planted["given"],
        family_name=planted["family"],
        onderwijsnummer=planted["bsn"],
        birth_date=TODAY.replace(year=TODAY.year - 12),
    )
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=TODAY.replace(year=TODAY.year - 8))
    ib = MembershipFactory(organisation=school, role="ib", user=UserFactory(email="ib@wilg.invalid"))
    ib.user.acting_membership = ib
    zc = MembershipFactory(organisation=vo, role="zorgcoordinator", user=UserFactory(email="zc@baken.invalid"))
    zc.user.acting_membership = zc
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    Entry.objects.create(
        pupil=pupil,
        category="ondersteuningsbehoeften",
        title=f"Rekenen ({planted['diagnosis']})",
        text=f"{planted['given']} heeft {planted['diagnosis']}; extra tijd bij toetsen.",
        organisation=school,
        author_name="Juf Anna",
    )
    return {"school": school, "vo": vo, "pupil": pupil, "ib": ib, "zc": zc, "parent": parent}


def _client(user, membership=None) -> Client:
    client = Client(raise_request_exception=False)
    log_in(client, user, membership)
    return client


def _drive_pages(world, planted):
    pupil, ib = world["pupil"], world["ib"]
    client = _client(ib.user, ib)
    for url in (
        f"/leerlingen/{pupil.pk}/",
        f"/leerlingen/{pupil.pk}/dossier/",
        f"/leerlingen/?q={planted['family']}",
        f"/leerlingen/{pupil.pk}/plannen/",
        f"/leerlingen/{pupil.pk}/wie-keek-er/",
    ):
        assert client.get(url).status_code == 200, url
    # A new entry holding the diagnosis, and a form that fails (no title) with the diagnosis in its text.
    new = f"/leerlingen/{pupil.pk}/dossier/nieuw/"
    text = f"Onderzoek bevestigt {planted['diagnosis']} bij {planted['given']} {planted['family']}."
    support = "ondersteuningsbehoeften"
    assert client.post(new, {"category": support, "title": "Onderzoek", "text": text}).status_code == 302
    bad = client.post(new, {"category": support, "title": "", "text": text, "recorded_on": "31-02-2025"})
    assert bad.status_code == 200 and "Titel:" in bad.content.decode()
    # Unknown pages with the name and BSN in the query string; a refused write about the pupil.
    assert client.get(f"/leerlingen/999999/?naam={planted['family']}&bsn={planted['bsn']}").status_code == 404
    assert client.get(f"/bestaat-niet/?q={planted['given']}+{planted['family']}").status_code == 404
    assert client.post(f"/leerlingen/{pupil.pk + 1000}/dossier/nieuw/", {"text": text}).status_code == 404
    # The family reads and downloads.
    family = _client(world["parent"])
    assert family.get("/").status_code == 200
    assert family.get(f"/leerlingen/{pupil.pk}/dossier/").status_code == 200
    assert family.get(f"/gezin/{pupil.pk}/downloaden/dossier.json").status_code == 200


def _drive_workflow(world):
    ib, zc, pupil = world["ib"].user, world["zc"], world["pupil"]
    case = open_case(ib, pupil, world["vo"], planned_on=TODAY + datetime.timedelta(days=60))
    with pytest.raises(ValidationError):
        change_status(ib, case, Status.VERZONDEN)  # refused: not yet registered, nothing chosen
    case = change_status(ib, case, Status.AANGEMELD)
    choose_categories(ib, case, ["ondersteuningsbehoeften"], expected_version=1)
    for item in case.checklist.filter(required=True):
        tick_checklist_item(ib, item)
    case = change_status(ib, case, Status.INZAGE_OUDERS)
    record_inzage(ib, case, TODAY, by_name="Moeder")
    waive_family_view(ib, case)
    case = change_status(ib, case, Status.VERZONDEN)
    receiver = _client(zc.user, zc)
    assert receiver.get(f"/overstappen/{case.pk}/overdracht/").status_code == 200
    assert receiver.get(f"/overstappen/{case.pk}/overdracht.pdf").status_code == 200
    return case


def _command(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))  # what manage.py would print
    return out.getvalue() + err.getvalue()


def _drive_imports(world, planted, tmp_path) -> str:
    header = "Voornamen;Achternaam;Geboortedatum;BSN;Groep"
    born = TODAY.replace(year=TODAY.year - 12).strftime("%d-%m-%Y")
    rows = [
        f"{planted['given']};{planted['family']};{born};{planted['bsn']};8a",
        # A row with a bad date, naming the pupil (a brother, the same family name).
        f"Broer{planted['given'].lower()};{planted['family']};31-02-2015;;5b",
    ]
    path = tmp_path / "leerlingen.csv"
    path.write_text("\r\n".join([header, *rows]), encoding="utf-8")
    school, email = world["school"], world["ib"].user.email
    code = f"{school.brin}{school.vestiging}"
    printed = _command("import_pupils", str(path), "--organisation", code, "--as", email)
    printed += _command("import_pupils", str(path), "--organisation", code, "--as", email, "--valid-only")
    if gegevensset.available():
        examples = {p.name: p for p in gegevensset.example_files()}
        example = examples.get("Voorbeelddossier_OV_POVO_opt_out.xml")
        if example is not None:
            xml = example.read_bytes().replace(b"Daan", planted["given"].encode())
            target = tmp_path / "oso.xml"
            target.write_bytes(xml)
            vo, zc = world["vo"], world["zc"].user
            code = f"{vo.brin}{vo.vestiging}"
            printed += _command("oso_import", str(target), "--organisation", code, "--as", zc.email)
    return printed


def _drive_export(world, case, tmp_path) -> str:
    handover = case.handovers.get()
    return _command("oso_export", str(handover.pk), str(tmp_path / "uit.xml"), "--as", world["zc"].user.email)


def _drive_jobs(world) -> str:
    printed = ""
    from django.conf import settings

    for name in settings.OVERSTAP_JOB_COMMANDS:
        result = run_command.delay(name).get()
        printed += str(result)
    return printed


def _drive_server_error(world, planted):
    ib = world["ib"]
    client = _client(ib.user, ib)
    # A read that fails with the pupil's name, BSN and diagnosis in the exception's message.
    failure = RuntimeError(f"{planted['given']} {planted['family']} {planted['bsn']} {planted['diagnosis']}")
    with mock.patch("overstap.dossiers.views.dossier_page", side_effect=failure):
        response = client.get(f"/leerlingen/{world['pupil'].pk}/dossier/?naam={planted['family']}")
    assert response.status_code == 500
    return response["X-Request-ID"]


def test_no_name_bsn_or_diagnosis_reaches_the_logs(world, planted, every_log, tmp_path):
    _drive_pages(world, planted)
    case = _drive_workflow(world)
    printed = _drive_imports(world, planted, tmp_path)
    printed += _drive_export(world, case, tmp_path)
    printed += _drive_jobs(world)
    request_id = _drive_server_error(world, planted)

    written = every_log()
    # The drive left a trace, so the capture works: the server error, by its request id, and the 404s.
    assert request_id in written and "RuntimeError" in written and "Not Found" in written
    everything = written + "\n" + printed
    for what, secret in (
        ("given name", planted["given"]),
        ("family name", planted["family"]),
        ("BSN", planted["bsn"]),
        ("diagnosis", planted["diagnosis"]),
    ):
        where = [line for line in everything.splitlines() if secret.lower() in line.lower()]
        assert not where, f"the {what} reached the log or a command's output: {where[:3]}"
    # The imports ran: the planted pupil's list was read and the bad row reported by its number.
    assert "rij 3" in printed and "1 updated" in printed
    if gegevensset.available():
        assert re.search(r"^pupil \d+ \(new\)$", printed, re.MULTILINE), "the OSO dossier was not imported"
