"""How a sent handover becomes an OSO 2019.1 dossier: which Overstap category fills which OSO block, and what the
dossier says it delivered (``metadata/categorie_uitlevering``). Pure mapping: no database, no checks of who asks.

Overstap keeps a dossier as titled texts per category; OSO is a fixed structure. A text goes where OSO has room for
text: the argument of the school advice, or a document (a plain-text file, zipped and base64-encoded as OSO asks).
What Overstap does not hold in OSO's structure (group codes of the school career, guardians' addresses, test
scores) is not made up: its category is marked as not delivered. See docs/oso.md.
"""

from __future__ import annotations

import base64
import io
import zipfile
from xml.etree import ElementTree as ET

from overstap.consent.categories import Basis, Category

from .gegevensset import NAMESPACE, STANDARD_VERSION

ET.register_namespace("", NAMESPACE)

# Transition code → (OSO overstap code, overdrachtsoort). A move into SBO, SO, VSO or PrO runs through the
# samenwerkingsverband's admission statement (TLV): its dossier takes the SWV profile (swv-dossier).
KINDS = {
    "PO-PO": ("POPO", "overstapdossier"),
    "PO-VO": ("POVO", "overstapdossier"),
    "VO-VO": ("VOVO", "overstapdossier"),
    "PO-SBO": ("POSWV", "swv-dossier"),
    "PO-SO": ("POSWV", "swv-dossier"),
    "VO-VSO": ("VOSWV", "swv-dossier"),
    "VO-PRO": ("VOSWV", "swv-dossier"),
}
SWV_DOSSIER = "swv-dossier"

# The OSO categories, in the order of categorie_uitlevering.
OSO_CATEGORIES = (
    "metadata",
    "ouderinzage",
    "school",
    "leerling",
    "oudersverzorgers",
    "vve",
    "schoolloopbaan",
    "overstapadvies",
    "onderwijsondersteuning",
    "verzuim",
    "eindtoetsbo",
    "toetsresultaten",
    "handelingsplannen",
    "cijferlijsten",
    "vombo",
    "bijlagedocs",
)
_OV_REQUIRED = {"metadata", "ouderinzage", "school", "leerling", "oudersverzorgers", "schoolloopbaan", "overstapadvies"}
_SWV_REQUIRED = {"metadata", "school", "leerling", "oudersverzorgers", "schoolloopbaan", "onderwijsondersteuning"}
# The standard's profile per kind of dossier: what it requires and what it forbids.
PROFILES = {
    "POPO": (_OV_REQUIRED, {"vombo"}),
    "POVO": (_OV_REQUIRED, {"vve", "vombo"}),
    "VOVO": (_OV_REQUIRED, {"vve"}),
    "POSWV": (_SWV_REQUIRED, {"eindtoetsbo", "vombo"}),
    "VOSWV": (_SWV_REQUIRED, {"vve"}),
}
# Which elements of <leerling> belong to which OSO category (handelingsplan lives inside onderwijsondersteuning).
CATEGORY_ELEMENTS = {
    "oudersverzorgers": ("verzorger",),
    "vve": ("vanpeuterspeelzaal", "naampeuterspeelzaal", "voorschools", "vroegschools"),
    "schoolloopbaan": ("schoolloopbaanlijst",),
    "overstapadvies": ("overstapadvies",),
    "verzuim": ("verzuim",),
    "eindtoetsbo": ("eindtoets_basisonderwijs",),
    "toetsresultaten": ("toetslijst",),
    "cijferlijsten": ("cijferlijstlijst",),
    "vombo": (
        "bevorderd",
        "examenresultaat",
        "resultaatvakkenvo",
        "certificaat",
        "competenties",
        "stage",
        "overigvombo",
    ),
    "bijlagedocs": ("overigdocumentlijst",),
}

# Overstap categories → where they go.
TOELICHTING = (
    Category.ONDERSTEUNINGSBEHOEFTEN,
    Category.ONTWIKKELING,
    Category.WERKZAME_ELEMENTEN,
    Category.GEBODEN_ONDERSTEUNING,
    Category.HANDELINGSADVIEZEN,
)
ADVICE = (Category.SCHOOLADVIES_TOETSEN,)
ATTENDANCE = (Category.AANWEZIGHEID,)
DOCUMENTS = (
    Category.REDEN_OVERSTAP,
    Category.INSCHRIJVING,
    Category.THUISSITUATIE,
    Category.SWV_BESLUIT,
    Category.JEUGDHULP,
    Category.ZAT_MDO,
    Category.GEZONDHEID,
    Category.BIJLAGEN,
)
# Identity is the <leerling> block itself; the family's views go with the family's own view on this report.
IN_BLOCKS = (Category.IDENTITEIT, Category.ZIENSWIJZE)

PACKAGE = "Overstap"
PACKAGE_VERSION = "0.1"


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _add(parent, name: str, text=None):
    element = ET.SubElement(parent, _q(name))
    if text is not None:
        element.text = str(text)
    return element


def _document(parent, filename: str, description: str, text: str):
    """An OSO document: a plain-text file, zipped, base64-encoded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename, text.encode("utf-8"))
    document = _add(parent, "document")
    _add(document, "bestandsnaam", filename)
    _add(document, "omschrijving", description)
    _add(document, "bestandsinhoud", base64.b64encode(buffer.getvalue()).decode("ascii"))
    return document


def _item_text(item: dict) -> str:
    head = item.get("title", "")
    meta = ", ".join(part for part in (item.get("by", ""), item.get("on", "")) if part)
    return "\n".join(part for part in (head, f"({meta})" if meta else "", item.get("text", "")) if part)


def _section_text(section: dict, label: str) -> str:
    items = section.get("items") or []
    if not items:
        return ""
    return f"{label}\n{'=' * len(label)}\n\n" + "\n\n".join(_item_text(item) for item in items)


def decode_document(element) -> str:
    """The text of an OSO document this module wrote (for tests and readers)."""
    raw = base64.b64decode(element.find(_q("bestandsinhoud")).text)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read(archive.namelist()[0]).decode("utf-8")


def akkoord(verdict: str) -> str:
    return {"eens": "Ja", "oneens": "Nee"}.get(verdict, "Onbekend")


def build(*, case, content: dict, pupil, sender, overstap: str, overdrachtsoort: str, today, labels: dict):
    """The dossier as an ElementTree element, and the categorie_uitlevering it states.

    ``content`` is the handover as its reader may read it now (frozen, withdrawn consent withheld); ``labels`` maps
    an Overstap category to its Dutch name; ``pupil`` gives the name parts, ``sender`` the current school."""
    sections = {s["category"]: s for s in content.get("sections", []) if not s.get("withheld")}
    dossier = ET.Element(_q("dossier"))
    metadata = _add(dossier, "metadata")
    _add(metadata, "deeldossier", "LASLVS")
    _add(metadata, "pakketnaam", PACKAGE)
    _add(metadata, "pakketversie", PACKAGE_VERSION)
    _add(metadata, "datum", today.isoformat())
    _add(metadata, "standaardversie", STANDARD_VERSION)
    _add(metadata, "validatieversie", STANDARD_VERSION)
    uitlevering = _add(metadata, "categorie_uitlevering")
    _add(metadata, "overstap", overstap)
    _add(dossier, "overdrachtsoort", overdrachtsoort)

    # Inzage: what the family said of this report before it went.
    delivered = {"metadata", "school", "leerling"}
    if content.get("inzage_on"):
        inzage = _add(dossier, "inzage")
        _add(inzage, "voorlopigdossier", "false")
        _add(inzage, "inzage", "true")
        _add(inzage, "inzagedatum", content["inzage_on"])
        verdict = content.get("family_verdict", "")
        _add(inzage, "akkoord", akkoord(verdict))
        view = (content.get("family_view") or "").strip()
        if verdict == "oneens" and view:
            _add(inzage, "redennietakkoord", view)
        if any(s.get("basis") == Basis.TOESTEMMING for s in sections.values()):
            _add(inzage, "toestemming", "Ja")
        delivered.add("ouderinzage")

    school = _add(dossier, "huidigeschool")
    _add(school, "naam", sender.name)
    _add(school, "brincode", sender.brin)
    _add(school, "vestigingscode", sender.vestiging or "00")
    _add(school, "aanleverpunt", "0")

    leerling = _add(school, "leerling")
    for name in pupil.given_names.split():
        _add(leerling, "voornaam", name)
    if pupil.family_name_prefix:
        _add(leerling, "voorvoegsel", pupil.family_name_prefix)
    _add(leerling, "achternaam", pupil.family_name)
    if pupil.preferred_name:
        _add(leerling, "roepnaam", pupil.preferred_name)
    if content.get("birth_date"):
        _add(leerling, "geboortedatum", content["birth_date"])
    # No BSN and no education number: the handover does not carry them (they travel through registration), and an
    # swv-dossier may never hold a BSN.

    advice = [_section_text(sections[c], labels[c]) for c in ADVICE if c in sections]
    advice = [text for text in advice if text]
    if advice:
        _add(_add(leerling, "overstapadvies"), "argumentatie", "\n\n".join(advice))

    support_text = [_section_text(sections[c], labels[c]) for c in TOELICHTING if c in sections]
    support_text = [text for text in support_text if text]
    plans = (sections.get(Category.ARRANGEMENT) or {}).get("items") or []
    opps = (sections.get(Category.OPP) or {}).get("items") or []
    if support_text or plans or opps:
        support = _add(leerling, "onderwijsondersteuning")
        if support_text:
            toelichting = _add(support, "toelichting_onderwijsbehoeften")
            text = "\n\n".join(support_text)
            _document(toelichting, "onderwijsbehoeften.txt", "Toelichting onderwijsbehoeften", text)
            delivered.add("onderwijsondersteuning")
        for number, item in enumerate(plans, start=1):
            plan = _add(support, "handelingsplan")
            _add(plan, "startdatum", item.get("on") or today.isoformat())
            _add(plan, "isgerichtop", item.get("title") or labels[Category.ARRANGEMENT])
            _document(plan, f"plan-van-aanpak-{number}.txt", "Handelingsplan", _item_text(item))
            delivered.add("handelingsplannen")
        if opps:
            opp = _add(support, "opp")
            _add(opp, "opp_ingangdatum", min(item.get("on") or today.isoformat() for item in opps))
            for number, item in enumerate(opps, start=1):
                _document(opp, f"opp-{number}.txt", "OPP", _item_text(item))
            delivered.add("onderwijsondersteuning")

    attendance = [_section_text(sections[c], labels[c]) for c in ATTENDANCE if c in sections]
    attendance = [text for text in attendance if text]
    if attendance:
        documents = _add(_add(leerling, "verzuim"), "documentLijst")
        _document(documents, "verzuim.txt", labels[Category.AANWEZIGHEID], "\n\n".join(attendance))

    others = [(c, _section_text(sections[c], labels[c])) for c in DOCUMENTS if c in sections]
    others = [(c, text) for c, text in others if text]
    views = _family_views(content, sections, labels)
    if others or views:
        documents = _add(leerling, "overigdocumentlijst")
        for category, text in others:
            _document(documents, f"{category}.txt", labels[category], text)
        if views:
            _document(documents, "zienswijze.txt", "Zienswijze ouders en leerling", views)

    for category, names in CATEGORY_ELEMENTS.items():
        if any(leerling.find(_q(name)) is not None for name in names):
            delivered.add(category)
    required, forbidden = PROFILES[overstap]
    stated = {}
    for category in OSO_CATEGORIES:
        if category in delivered:
            stated[category] = "VERPLICHT" if category in required else "OPTIONEEL"
        else:
            stated[category] = "VERBODEN" if category in forbidden else "OPT-UIT"
        _add(uitlevering, f"cat_{category}", stated[category])
    return dossier, stated


def _family_views(content: dict, sections: dict, labels: dict) -> str:
    """The family's own view on this report, and the views kept in the dossier when that category went."""
    parts = []
    view = (content.get("family_view") or "").strip()
    if view:
        by = content.get("family_view_by") or ""
        parts.append(f"Zienswijze bij dit rapport{f' ({by})' if by else ''}:\n{view}")
    elif content.get("family_view_waived"):
        parts.append("De ouders hebben ervoor gekozen geen zienswijze te geven.")
    if Category.ZIENSWIJZE in sections:
        text = _section_text(sections[Category.ZIENSWIJZE], labels[Category.ZIENSWIJZE])
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def breaches(dossier, overstap: str, overdrachtsoort: str) -> list[str]:
    """What the category rules forbid and the dossier still holds: a BSN in an swv-dossier, a forbidden block."""
    found = []
    if overdrachtsoort == SWV_DOSSIER and dossier.find(f".//{_q('bsn')}") is not None:
        found.append("bsn")
    leerling = dossier.find(f".//{_q('leerling')}")
    for category in PROFILES[overstap][1]:
        for name in CATEGORY_ELEMENTS.get(category, ()):
            if leerling is not None and leerling.find(_q(name)) is not None:
                found.append(name)
    return found


def serialise(dossier) -> bytes:
    return ET.tostring(dossier, encoding="utf-8", xml_declaration=True)
