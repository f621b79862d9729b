"""Importing OSO dossiers: the twelve examples of the gegevensset (read where it is installed, skipped where it is
not), a second import that adds nothing, a failure halfway that leaves nothing behind, and the corpus of malformed
files, each refused with a Dutch message and no change to the data.

The XML corpus (``CORPUS`` below, 22 files written here in our own words): a truncated file, an entity bomb
(billion laughs), an external entity by file:// and by http://, a DTD, a parameter entity, a wrong namespace, no
namespace, a wrong root, valid XML that the XSD refuses, an empty file, a file of blanks, a wrong encoding
declaration, an unknown encoding, Latin-1 bytes declared UTF-8, binary junk, a zip named .xml, a school's own
dossier imported by another school, a pupil who is at another school, a BSN that is someone else's, an impossible
birth date (30 February) and a birth date in the future; plus a file over a small configured limit and a 200 MB
stream refused before it is read whole. The CSV/XLSX corpus of the pupil list is in
``pupils/tests/test_imports.py``; docs/oso.md lists both."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from overstap.audit.models import AuditEvent
from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType
from overstap.oso import gegevensset, imports
from overstap.oso.parsing import OsoError, parse, read_path, read_stream, read_upload
from overstap.pupils.models import Enrolment, Guardian, Pupil
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory

pytestmark = pytest.mark.django_db

needs_set = pytest.mark.skipif(
    not gegevensset.available(),
    reason="The OSO gegevensset is not installed (setting OVERSTAP_OSO_DIR); its examples and XSD are needed.",
)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _school(brin="00YY", kind=OrganisationType.VO):
    school = OrganisationFactory(type=kind, brin=brin)
    member = MembershipFactory(organisation=school, role="zorgcoordinator" if kind == OrganisationType.VO else "ib")
    member.user.acting_membership = member
    return school, member.user


def _counts():
    return (
        Pupil.objects.count(),
        Enrolment.objects.count(),
        Entry.objects.count(),
        Guardian.objects.count(),
        AuditEvent.objects.count(),
    )


def _example(name: str) -> bytes:
    files = {p.name: p for p in gegevensset.example_files()}
    if name not in files:
        pytest.skip(f"The OSO example {name} is not installed at {gegevensset.directory()}.")
    return files[name].read_bytes()


def _examples():
    names = [p.name for p in gegevensset.example_files()]
    return names or [pytest.param("-", marks=pytest.mark.skip(reason="The OSO gegevensset examples are absent."))]


@needs_set
@pytest.mark.parametrize("name", _examples())
def test_each_example_imports_once(name):
    # The files of a school's own pupil (within one BRIN, or for the SWV) are imported by that school: BRIN 00YY.
    school, user = _school(
        kind=OrganisationType.BAO if "POPO" in name or "BB" in name or "POSWV" in name else OrganisationType.VO
    )
    data = _example(name)
    root = parse(data)
    planned = imports.preview(user, school, data)
    assert planned.pupil_new and not planned.applied and _counts()[0] == 0
    report = imports.import_dossier(user, school, data, file_name=name)
    pupil = Pupil.objects.get()
    assert (pupil.family_name, pupil.family_name_prefix, pupil.birth_date) == (
        "Berg",
        "van de",
        datetime.date(2003, 3, 17),
    )
    assert pupil.given_names == "Björn Johannes Martinus Franciscus" and pupil.preferred_name == "Daan"
    assert report.pupil_name == "Daan van de Berg" and report.birth_date == "2003-03-17"
    assert Enrolment.objects.get(pupil=pupil).organisation == school
    entries = Entry.objects.filter(pupil=pupil)
    expected = sum(1 for b in imports.read_dossier(root).blocks if b.kind == "entry")
    assert entries.count() == report.entries == expected
    assert all(e.author_name == "OSO-bestand van Testschool (BRIN 00YY)" and e.organisation == school for e in entries)
    assert all(e.recorded_on == datetime.date(2016, 1, 2) for e in entries)
    verzorgers = len(root.findall(f".//{{{gegevensset.NAMESPACE}}}verzorger"))
    assert Guardian.objects.filter(pupil=pupil).count() == report.guardians
    assert (report.guardians >= 1) == (verzorgers >= 1)
    assert report.skipped and all(line.reason for line in report.skipped)
    if "full" in name:
        assert entries.exists() and any(line.block == "verzuim" for line in report.skipped)
    assert AuditEvent.objects.filter(detail__has_key="oso_import").count() == 1
    before = _counts()
    again = imports.import_dossier(user, school, data, file_name=name)
    assert again.entries == 0 and again.guardians == 0 and not again.pupil_new
    assert _counts()[:4] == before[:4]


@needs_set
def test_a_failure_halfway_writes_nothing(monkeypatch):
    school, user = _school()
    data = _example("Voorbeelddossier_OV_POVO_full.xml")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "add_guardian", broken)
    with pytest.raises(RuntimeError):
        imports.import_dossier(user, school, data)
    assert _counts() == (0, 0, 0, 0, 0)


@needs_set
def test_the_command(tmp_path, capsys):
    _school_org, user = _school()
    path = tmp_path / "dossier.xml"
    path.write_bytes(_example("Voorbeelddossier_OV_POVO_opt_out.xml"))
    call_command("oso_import", str(path), "--organisation", "00YY", "--as", user.email)
    out = capsys.readouterr().out
    assert Pupil.objects.count() == 1
    assert f"pupil {Pupil.objects.get().pk} (new)" in out and "schoolloopbaanlijst: skipped" in out
    assert "verzorger: new (guardian)" in out
    # Who it is about stays out of what the command prints: no pupil's or guardian's name.
    assert "Daan" not in out and "van de Berg" not in out
    path.write_bytes(b"<dossier")
    with pytest.raises(CommandError) as error:
        call_command("oso_import", str(path), "--organisation", "00YY", "--as", user.email)
    assert "geen goed gevormde XML" in str(error.value)


NS = gegevensset.NAMESPACE


def _valid() -> bytes:
    return _example("Voorbeelddossier_OV_POVO_opt_out.xml")


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    f'<dossier xmlns="{NS}">&d;</dossier>'
).encode()

# name: (the file, or a function of the valid example, a word of the Dutch message, needs the gegevensset)
CORPUS = {
    "truncated": (lambda v: v[: len(v) // 2], "geen goed gevormde XML", True),
    "billion laughs": (BOMB, "DTD of entiteiten", False),
    "external entity file": (
        f'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><dossier xmlns="{NS}">&x;</dossier>'.encode(),
        "DTD of entiteiten",
        False,
    ),
    "external entity http": (
        f'<!DOCTYPE d [<!ENTITY x SYSTEM "http://example.org/x">]><dossier xmlns="{NS}">&x;</dossier>'.encode(),
        "DTD of entiteiten",
        False,
    ),
    "dtd": (f'<!DOCTYPE dossier SYSTEM "oso.dtd"><dossier xmlns="{NS}"/>'.encode(), "DTD of entiteiten", False),
    "parameter entity": (
        b'<!DOCTYPE d [<!ENTITY % p SYSTEM "http://example.org/p.dtd"> %p;]><dossier/>',
        "DTD of entiteiten",
        False,
    ),
    "wrong namespace": (lambda v: v.replace(NS.encode(), b"http://example.org/other"), "andere namespace", True),
    "no namespace": (b"<dossier><metadata/></dossier>", "andere namespace", False),
    "wrong root": (f'<leerling xmlns="{NS}"/>'.encode(), "geen OSO-dossier", False),
    "not the xsd": (f'<dossier xmlns="{NS}"><metadata/></dossier>'.encode(), "volgt OSO 2019.1 niet", True),
    "empty": (b"", "is leeg", False),
    "blanks": (b"  \n\t ", "is leeg", False),
    "wrong encoding declaration": (
        lambda v: v.replace(b'encoding="UTF-8"', b'encoding="UTF-16"'),
        "codering",
        True,
    ),
    "unknown encoding": (b'<?xml version="1.0" encoding="klingon-8"?><dossier/>', "onbekende codering", False),
    "latin-1 declared utf-8": (
        lambda v: v.decode().replace("Björn", "Bj\udcf6rn").encode("utf-8", "surrogateescape"),
        "geen goed gevormde XML",
        True,
    ),
    "binary junk": (bytes(range(256)) * 4, "geen goed gevormde XML", False),
    "zip named xml": (b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 60, "zipbestand", False),
    "own file of another school": (
        lambda v: v.replace(b"overstapdossier", b"overdrachtbinnenbrin"),
        "eigen dossier",
        True,
    ),
    "pupil at another school": ("elsewhere", "bij een andere school", True),
    "someone else's bsn": ("renamed", "andere naam of geboortedatum", True),
    "impossible birth date": (
        lambda v: v.replace(b"2003-03-17</geb", b"2003-02-30</geb"),
        "volgt OSO 2019.1 niet",
        True,
    ),
    "birth date in the future": (lambda v: v.replace(b"2003-03-17</geb", b"2099-03-17</geb"), "onmogelijk", True),
}


@pytest.mark.parametrize("name", CORPUS)
def test_a_malformed_file_is_refused_in_dutch_and_changes_nothing(name):
    data, words, schema = CORPUS[name]
    if schema and not gegevensset.available():
        pytest.skip("The OSO gegevensset is not installed (setting OVERSTAP_OSO_DIR).")
    school, user = _school(brin="11AA")
    if data in ("elsewhere", "renamed"):
        data = _valid()
        bsn = re.search(rb"<bsn>(\d+)</bsn>", data).group(1).decode()
        known = PupilFactory(
            given_names="Björn",
            family_name="Berg" if data and name == "pupil at another school" else "Anders",
            birth_date=datetime.date(2003, 3, 17),
            onderwijsnummer=bsn,
        )
        EnrolmentFactory(pupil=known, organisation=OrganisationFactory(type=OrganisationType.BAO))
    elif callable(data):
        data = data(_valid())
    before = _counts()
    with pytest.raises((OsoError, ValidationError)) as error:
        imports.import_dossier(user, school, data)
    message = " ".join(error.value.messages) if isinstance(error.value, ValidationError) else str(error.value)
    assert words in message and message.startswith("Bestand: ")
    assert _counts() == before


def test_a_file_over_a_small_limit_is_refused(settings, tmp_path):
    settings.OVERSTAP_OSO_MAX_BYTES = 1000
    path = tmp_path / "groot.xml"
    path.write_bytes(b"<a>" + b"x" * 2000 + b"</a>")
    with pytest.raises(OsoError) as error:
        read_path(path)
    assert "groter dan" in str(error.value)
    with pytest.raises(OsoError):
        read_upload(SimpleUploadedFile("groot.xml", b"x" * 1001))


class Endless(io.RawIOBase):
    """200 MB of XML-like bytes made as they are read, counting how many were asked for."""

    total = 200 * 1000 * 1000
    size = total

    def __init__(self):
        self.served = 0

    def readable(self):
        return True

    def read(self, n=-1):
        n = min(n if n > 0 else self.total, self.total - self.served)
        self.served += n
        return b"x" * n

    def chunks(self, chunk_size):
        while chunk := self.read(chunk_size):
            yield chunk


def test_a_200_mb_stream_is_refused_before_it_is_read_whole(settings):
    limit = settings.OVERSTAP_OSO_MAX_BYTES
    stream = Endless()
    with pytest.raises(OsoError):
        read_stream(stream)
    assert stream.served <= limit + 64 * 1024 < stream.total
    upload = Endless()
    upload.size = 10  # an upload that lies about its size is still stopped while it is read
    with pytest.raises(OsoError):
        read_upload(upload)
    assert upload.served <= limit + 64 * 1024
