"""What each block of an OSO dossier becomes in Overstap, block by block, without writing anything.

Mapped: the pupil's identity (names, date of birth, BSN), each verzorger as a parent or guardian, and the blocks
with content a receiving school works with as dossier entries (overstapadvies, eindtoets, toetsen, the parts of
onderwijsondersteuning). Not mapped, with the reason in the report: what Overstap does not keep (addresses, sex,
the family doctor, grades, attachments) and what Overstap records in its own way (absence, the school career)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _

from overstap.consent.categories import Category
from overstap.pupils.models import GuardianRelation

from .gegevensset import NAMESPACE

NS = f"{{{NAMESPACE}}}"


def _find(element: Element | None, path: str) -> Element | None:
    if element is None:
        return None
    return element.find("/".join(NS + part for part in path.split("/")))


def _text(element: Element | None, path: str) -> str:
    found = _find(element, path)
    return (found.text or "").strip() if found is not None else ""


def _all(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else element.findall(NS + name)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass
class Block:
    """One block of the file: what it is, and what it becomes (an entry, a guardian) or why it is not taken."""

    name: str
    kind: str  # "entry", "guardian", "pupil" or "skipped"
    title: str = ""
    text: str = ""
    category: str = ""
    reason: str = ""
    guardian: dict = field(default_factory=dict)


@dataclass
class Dossier:
    transition: str
    kind: str
    file_date: datetime.date | None
    package: str
    sender_name: str
    sender_brin: str
    pupil: dict
    blocks: list[Block]

    @property
    def source(self) -> str:
        return _("OSO file of %(school)s (BRIN %(brin)s)") % {"school": self.sender_name, "brin": self.sender_brin}


def _lines(pairs) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def _guardian(element: Element) -> dict:
    name = " ".join(
        part
        for part in (
            _text(element, "roepnaam") or " ".join(v.text or "" for v in _all(element, "voornaam")).strip(),
            _text(element, "voorvoegsel"),
            _text(element, "achternaam"),
        )
        if part
    )
    relation = {"1": GuardianRelation.PARENT, "2": GuardianRelation.PARENT, "3": GuardianRelation.GUARDIAN}.get(
        _text(element, "relatietotkind"), GuardianRelation.OTHER
    )
    phone = email = ""
    for item in _all(_find(element, "communicatielijst"), "communicatie"):
        if _text(item, "geheim") == "true":
            continue
        if _text(item, "soort") == "telefoon" and not phone:
            phone = _text(item, "nummer")[:30]
        elif _text(item, "soort") == "e-mail" and not email:
            email = _text(item, "nummer")[:254]
    return {
        "name": name[:200],
        "relation": relation,
        "legal_representative": _text(element, "wettigevertegenwoordiger") == "true",
        "phone": phone,
        "email": email,
    }


def _support_blocks(support: Element) -> list[Block]:
    blocks = []
    for part in support:
        name = part.tag.removeprefix(NS)
        documents = [_text(d, "omschrijving") or _text(d, "bestandsnaam") for d in part.iter(NS + "document")]
        attached = _lines([(_("Documents in the file (not imported)"), ", ".join(d for d in documents if d))])
        if name == "toelichting_onderwijsbehoeften":
            blocks.append(
                Block(
                    name,
                    "entry",
                    _("Support needs (from OSO)"),
                    attached or _("Explained in a document."),
                    Category.ONDERSTEUNINGSBEHOEFTEN,
                )
            )
        elif name == "diagnose":
            text = _lines(
                [
                    (_("Diagnosis"), _text(part, "naam")),
                    (_("Date"), _text(part, "datum")),
                    (_("By"), _text(part, "doorwie")),
                    (_("Institution"), _text(part, "instantie")),
                ]
            )
            blocks.append(
                Block(
                    name,
                    "entry",
                    _("Diagnosis (from OSO)"),
                    "\n".join(filter(None, [text, attached])),
                    Category.GEZONDHEID,
                )
            )
        elif name == "handelingsplan":
            text = _lines(
                [
                    (_("Aimed at"), _text(part, "isgerichtop")),
                    (_("From"), _text(part, "startdatum")),
                    (_("Until"), _text(part, "einddatum")),
                ]
            )
            blocks.append(
                Block(
                    name,
                    "entry",
                    _("Plan of action (from OSO)"),
                    "\n".join(filter(None, [text, attached])),
                    Category.GEBODEN_ONDERSTEUNING,
                )
            )
        elif name in ("opp", "tlv") or name.startswith("arrangement"):
            values = [
                (child.tag.removeprefix(NS), (child.text or "").strip())
                for child in part
                if child.tag != NS + "document"
            ]
            text = "\n".join(filter(None, [_lines(values), attached]))
            title = {"opp": _("OPP (from OSO)"), "tlv": _("TLV (from OSO)")}.get(name, _("Arrangement (from OSO)"))
            blocks.append(Block(name, "entry", title, text or title, Category.GEBODEN_ONDERSTEUNING))
        else:
            blocks.append(Block(name, "skipped", reason=_("Overstap has no place for this part of the support data.")))
    return blocks


NOT_KEPT = _("Overstap keeps only the identity a transition needs; this is not stored.")
SKIPPED = {
    "adreslijst": NOT_KEPT,
    "communicatielijst": NOT_KEPT,
    "gba": NOT_KEPT,
    "adresbuitenland": NOT_KEPT,
    "geslacht": NOT_KEPT,
    "huisarts": NOT_KEPT,
    "leerlinggewicht": NOT_KEPT,
    "nnca": NOT_KEPT,
    "tehuis": NOT_KEPT,
    "aansprakelijkeinstelling": NOT_KEPT,
    "schoolloopbaanlijst": "career",
    "verzuim": "absence",
    "cijferlijstlijst": "grades",
    "overigdocumentlijst": "documents",
}
IDENTITY = {
    "voornaam",
    "voorletters-1",
    "voorvoegsel",
    "achternaam",
    "roepnaam",
    "geboortedatum",
    "bsn",
    "leerlingid",
    "onderwijssinds",
    "startdatumhuidigonderwijs",
    "datuminschrijving",
    "datumuitschrijving",
    "adresgeheim",
    "verzorgersaansprakelijk",
}


def _skip_reason(name: str) -> str:
    reason = SKIPPED.get(name, "")
    if reason == "career":
        return _("The school career in Overstap is built from enrolments; the earlier groups stay with the sender.")
    if reason == "absence":
        return _("Absence is recorded by the current school in Overstap itself (absence reports), not copied.")
    if reason == "grades":
        return _("Overstap keeps no grades.")
    if reason == "documents":
        return _("Attachments are not imported: Overstap stores no files from other systems.")
    return reason or _("Overstap has no place for this block.")


def read_dossier(root: Element) -> Dossier:
    school = _find(root, "huidigeschool")
    pupil = _find(school, "leerling")
    blocks: list[Block] = [Block("leerling", "pupil")]
    for child in pupil if pupil is not None else []:
        name = child.tag.removeprefix(NS)
        if name in IDENTITY:
            continue
        if name == "verzorger":
            blocks.append(Block(name, "guardian", guardian=_guardian(child)))
        elif name == "overstapadvies":
            text = _lines(
                [
                    (_("Advice (code)"), _text(child, "advies")),
                    (_("Wish of the parents (code)"), _text(child, "wensouders")),
                    (_("Wish of the pupil (code)"), _text(child, "wensleerling")),
                    (_("Profile"), _text(child, "profiel")),
                    (_("Reasons"), _text(child, "argumentatie")),
                    (_("Points of attention"), _text(child, "aandachtspunten")),
                    (_("Contact person"), _text(child, "contactpersoon")),
                ]
            )
            blocks.append(
                Block(name, "entry", _("Transition advice (from OSO)"), text or "-", Category.SCHOOLADVIES_TOETSEN)
            )
        elif name == "eindtoets_basisonderwijs":
            result = _find(child, "eindtoetsresultaat")
            text = _lines(
                [
                    (_("Test"), _text(result, "toetsomschrijving")),
                    (_("Taken on"), _text(result, "datum_afname")),
                    (_("Standard score"), _text(result, "standaardscore")),
                    (_("Advice of the test"), _text(result, "toets_advies")),
                    (_("Took part"), _text(child, "deelgenomen")),
                ]
            )
            blocks.append(Block(name, "entry", _("Final test (from OSO)"), text or "-", Category.SCHOOLADVIES_TOETSEN))
        elif name == "toetslijst":
            lines = []
            for test in _all(child, "toets"):
                score = _text(test, "resultaat/referentiescore/waarde") or _text(
                    test, "resultaat/toetsscore/aantalgoed"
                )
                lines.append(
                    f"{_text(test, 'toetsidentificatie/toetsnaam')} ({_text(test, 'afname/afnamedatum')}): {score}"
                )
            blocks.append(
                Block(
                    name, "entry", _("Test results (from OSO)"), "\n".join(lines) or "-", Category.SCHOOLADVIES_TOETSEN
                )
            )
        elif name == "onderwijsondersteuning":
            blocks.extend(_support_blocks(child))
        else:
            blocks.append(Block(name, "skipped", reason=_skip_reason(name)))
    inzage = _find(root, "inzage")
    if inzage is not None:
        blocks.append(
            Block(
                "inzage",
                "skipped",
                reason=_(
                    "The parents write their own view in Overstap. The file says: inspected %(inspected)s, "
                    "agreed %(agreed)s."
                )
                % {"inspected": _text(inzage, "inzage") or "-", "agreed": _text(inzage, "akkoord") or "-"},
            )
        )
    given = " ".join((v.text or "").strip() for v in _all(pupil, "voornaam")).strip()
    return Dossier(
        transition=_text(root, "metadata/overstap"),
        kind=_text(root, "overdrachtsoort"),
        file_date=_date(_text(root, "metadata/datum")),
        package=_text(root, "metadata/pakketnaam"),
        sender_name=_text(school, "naam"),
        sender_brin=_text(school, "brincode").upper(),
        pupil={
            "given_names": given,
            "preferred_name": _text(pupil, "roepnaam"),
            "family_name_prefix": _text(pupil, "voorvoegsel"),
            "family_name": _text(pupil, "achternaam"),
            "birth_date_text": _text(pupil, "geboortedatum"),
            "birth_date": _date(_text(pupil, "geboortedatum")),
            "onderwijsnummer": _text(pupil, "bsn"),
            "left_on": _date(_text(pupil, "datumuitschrijving")),
        },
        blocks=blocks,
    )
