"""The OSO export of a sent handover: a valid dossier of each kind, the category rules (no BSN in an swv-dossier,
forbidden and withheld blocks absent), inzage and the family's view, the audit event, who may download it, and the
command."""

import datetime
from xml.etree import ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.consent.services import give_consent, withdraw_consent
from overstap.organisations.models import OrganisationType as T
from overstap.oso import gegevensset, mapping_export
from overstap.oso.export import ExportRefused, export_handover
from overstap.testing.factories import MembershipFactory, OrganisationFactory, UserFactory, log_in
from overstap.transitions.handover import current_handover
from overstap.transitions.models import Handover, Status, TransitionCase
from overstap.transitions.tests.conftest import SUPPORT_TEXT, acting, send, world  # noqa: F401

pytestmark = pytest.mark.django_db
needs_schema = pytest.mark.skipif(
    not gegevensset.available(),
    reason="The OSO gegevensset (Edustandaard's XSD) is not installed at OVERSTAP_OSO_DIR: OSO export not tested.",
)
NS = {"o": gegevensset.NAMESPACE}
BSN = "111222333"
TODAY = timezone.localdate()

KINDS = [
    ("PO-PO", T.BAO, T.BAO, "POPO", "overstapdossier"),
    ("PO-VO", T.BAO, T.VO, "POVO", "overstapdossier"),
    ("VO-VO", T.VO, T.VO, "VOVO", "overstapdossier"),
    ("PO-SO", T.BAO, T.SO, "POSWV", "swv-dossier"),
    ("VO-VSO", T.VO, T.VSO, "VOSWV", "swv-dossier"),
]


def _section(category, text, basis="wettelijke_plicht", **extra):
    return {
        "category": category,
        "basis": basis,
        "items": [{"title": f"Over {category}", "text": text, "by": "Juf Anna", "on": "2026-10-01"}],
        **extra,
    }


def _sent(world, code, from_type, to_type, sections, **content):  # noqa: F811
    """A sent handover of this move, with this frozen content."""
    sender = OrganisationFactory(type=from_type, name="Verzendende school")
    receiver = OrganisationFactory(type=to_type, name="Ontvangende school")
    pupil = world["pupil"]
    pupil.onderwijsnummer = BSN
    pupil.save()
    case = TransitionCase.objects.create(
        pupil=pupil,
        from_organisation=sender,
        to_organisation=receiver,
        code=code,
        school_year="2026-2027",
        status=Status.VERZONDEN,
        created_by_name="IB",
    )
    frozen = {
        "pupil": pupil.full_name,
        "birth_date": pupil.birth_date.isoformat(),
        "code": code,
        "from": sender.name,
        "to": receiver.name,
        "sections": sections,
        "inzage_on": "2026-11-01",
        "inzage_by": "Moeder",
        "inzage_by_family": True,
        "family_verdict": "oneens",
        "family_view": "Wij zien meer vooruitgang bij rekenen.",
        "family_view_by": "Moeder",
        "family_view_waived": False,
        **content,
    }
    handover = Handover.objects.create(
        case=case,
        recipient=receiver,
        categories=[s["category"] for s in sections],
        content=frozen,
        sent_at=timezone.now(),
        sent_by_name="IB",
        inzage_on=datetime.date(2026, 11, 1),
    )
    ib = acting(MembershipFactory(organisation=sender, role="ib"))
    zc_user = UserFactory(email="zc@ontvanger.invalid")
    zc = acting(MembershipFactory(organisation=receiver, role="zorgcoordinator", user=zc_user))
    return handover, ib.user, zc.user


SECTIONS = [
    _section("ondersteuningsbehoeften", SUPPORT_TEXT),
    _section("schooladvies_toetsen", "Advies havo."),
    _section("opp", "Uitstroom vmbo-kader."),
    _section("aanwezigheid", "Weinig verzuim."),
    _section("zienswijze", "Sem zegt: ik wil graag naar de havo."),
]


def _tree(export):
    return fromstring(export.xml)


def _uitlevering(tree):
    return {e.tag.split("}")[1][4:]: e.text for e in tree.find("o:metadata/o:categorie_uitlevering", NS)}


def _documents(tree):
    return {
        d.find("o:omschrijving", NS).text: mapping_export.decode_document(d)
        for d in tree.iter(f"{{{NS['o']}}}document")
    }


@needs_schema
@pytest.mark.parametrize(("code", "from_type", "to_type", "overstap", "soort"), KINDS)
def test_each_kind_of_dossier_validates_against_the_schema(world, code, from_type, to_type, overstap, soort):  # noqa: F811
    handover, ib, _zc = _sent(world, code, from_type, to_type, SECTIONS)
    export = export_handover(ib, handover)
    tree = _tree(export)
    assert gegevensset.validation_errors(tree) == []
    assert tree.find("o:metadata/o:overstap", NS).text == overstap
    assert tree.find("o:overdrachtsoort", NS).text == soort
    assert export.filename.endswith(".xml") and "Jansen" not in export.filename
    stated = _uitlevering(tree)
    assert stated["onderwijsondersteuning"] in ("VERPLICHT", "OPTIONEEL")
    assert stated["oudersverzorgers"] == "OPT-UIT"  # no guardians' details travel in a handover
    assert SUPPORT_TEXT in _documents(tree)["Toelichting onderwijsbehoeften"]


@needs_schema
@pytest.mark.parametrize(("code", "from_type", "to_type"), [("PO-SO", T.BAO, T.SO), ("VO-VSO", T.VO, T.VSO)])
def test_a_bsn_never_goes_into_an_swv_dossier(world, code, from_type, to_type):  # noqa: F811
    handover, ib, _zc = _sent(world, code, from_type, to_type, [*SECTIONS, _section("identiteit", "Sem Jansen")])
    tree = _tree(export_handover(ib, handover))
    assert tree.find(".//o:bsn", NS) is None and tree.find(".//o:onderwijsnummer", NS) is None
    assert BSN not in ET.tostring(tree, encoding="unicode")  # the pupil's number is on record, and stays home


def test_the_category_rules_refuse_a_bsn_in_an_swv_dossier_and_a_forbidden_block():
    dossier = ET.Element(f"{{{NS['o']}}}dossier")
    leerling = ET.SubElement(ET.SubElement(dossier, f"{{{NS['o']}}}huidigeschool"), f"{{{NS['o']}}}leerling")
    ET.SubElement(leerling, f"{{{NS['o']}}}bsn").text = BSN
    ET.SubElement(leerling, f"{{{NS['o']}}}voorschools")
    assert mapping_export.breaches(dossier, "POSWV", "swv-dossier") == ["bsn"]
    assert mapping_export.breaches(dossier, "POVO", "overstapdossier") == ["voorschools"]


@needs_schema
def test_forbidden_blocks_stay_absent_and_categorie_uitlevering_says_so(world):  # noqa: F811
    handover, ib, _zc = _sent(world, "PO-VO", T.BAO, T.VO, SECTIONS)
    tree = _tree(export_handover(ib, handover))
    stated = _uitlevering(tree)
    assert stated["vve"] == stated["vombo"] == "VERBODEN"
    assert tree.find(".//o:voorschools", NS) is None and tree.find(".//o:overigvombo", NS) is None
    assert stated["overstapadvies"] == "VERPLICHT"
    assert tree.find(".//o:overstapadvies/o:argumentatie", NS).text.endswith("Advies havo.")


@needs_schema
def test_a_section_whose_consent_was_withdrawn_is_withheld(world):  # noqa: F811
    handover, ib, _zc = _sent(world, "PO-VO", T.BAO, T.VO, [])
    consent = give_consent(world["parent"], world["pupil"], "thuissituatie", handover.recipient)
    content = handover.content
    content["sections"] = [
        _section("ondersteuningsbehoeften", SUPPORT_TEXT),
        _section("thuissituatie", "Vader werkt in ploegendienst.", basis="toestemming", consent_id=consent.pk),
    ]
    Handover.objects.filter(pk=handover.pk).update(content=content)
    handover.refresh_from_db()
    before = export_handover(ib, handover)
    assert "ploegendienst" in "".join(_documents(_tree(before)).values())
    withdraw_consent(world["parent"], consent)
    after = export_handover(ib, handover)
    assert "ploegendienst" not in "".join(_documents(_tree(after)).values())
    assert after.withheld == ["thuissituatie"]
    event = AuditEvent.objects.filter(action=Action.EXPORT).latest("pk")
    assert event.detail["withheld"] == ["thuissituatie"]
    assert "thuissituatie" not in event.detail["categories"]


@needs_schema
def test_inzage_and_the_familys_view_are_filled(world):  # noqa: F811
    handover, ib, _zc = _sent(world, "VO-VO", T.VO, T.VO, SECTIONS)
    tree = _tree(export_handover(ib, handover))
    assert tree.find("o:inzage/o:inzage", NS).text == "true"
    assert tree.find("o:inzage/o:inzagedatum", NS).text == "2026-11-01"
    assert tree.find("o:inzage/o:akkoord", NS).text == "Nee"
    assert tree.find("o:inzage/o:redennietakkoord", NS).text == "Wij zien meer vooruitgang bij rekenen."
    views = _documents(tree)["Zienswijze ouders en leerling"]
    assert "Wij zien meer vooruitgang" in views and "ik wil graag naar de havo" in views
    assert _uitlevering(tree)["ouderinzage"] == "VERPLICHT"


@needs_schema
def test_a_real_handover_sent_through_the_workflow_exports(world):  # noqa: F811
    from overstap.transitions.workflow import open_case

    case = open_case(world["ib"].user, world["pupil"], world["vo"])
    case = send({**world, "case": case})
    export = export_handover(world["ib"].user, current_handover(case))
    tree = _tree(export)
    assert gegevensset.validation_errors(tree) == []
    assert SUPPORT_TEXT in _documents(tree)["Toelichting onderwijsbehoeften"]
    assert tree.find("o:inzage/o:akkoord", NS).text == "Onbekend"  # the school recorded a reading, no answer


@needs_schema
def test_every_export_is_audited_naming_what_went(world):  # noqa: F811
    handover, ib, _zc = _sent(world, "PO-SO", T.BAO, T.SO, SECTIONS)
    export_handover(ib, handover)
    event = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(handover.case_id))
    assert event.detail["format"] == "oso" and event.detail["overstap"] == "POSWV"
    assert "ondersteuningsbehoeften" in event.detail["categories"]
    assert "onderwijsondersteuning" in event.detail["oso_categories"]
    assert "vve" not in event.detail["oso_categories"]


@needs_schema
def test_the_sender_and_receiver_download_it_and_an_outsider_gets_404(client, world):  # noqa: F811
    handover, ib, zc = _sent(world, "PO-VO", T.BAO, T.VO, SECTIONS)
    url = reverse("oso:export", args=[handover.case_id])
    log_in(client, ib)
    page = client.get(reverse("transitions:handover", args=[handover.case_id]))
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert "no-store" in response["Cache-Control"] and ".xml" in response["Content-Disposition"]
    log_in(client, zc)
    assert client.get(url).status_code == 200
    handover.refresh_from_db()
    assert handover.opened_at is not None  # the receiver's download is a first read
    outsider = acting(MembershipFactory(organisation=OrganisationFactory(type=T.VO), role="zorgcoordinator"))
    log_in(client, outsider.user)
    assert client.get(url).status_code == 404
    log_in(client, world["parent"])
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("transitions:handover", args=[handover.case_id])).content.decode()


def test_without_the_schema_the_export_is_refused_in_dutch(client, world, tmp_path):  # noqa: F811
    handover, ib, _zc = _sent(world, "PO-VO", T.BAO, T.VO, SECTIONS)
    with override_settings(OVERSTAP_OSO_DIR=tmp_path):
        with pytest.raises(ExportRefused, match="niet geïnstalleerd"):
            export_handover(ib, handover)
        log_in(client, ib)
        response = client.get(reverse("oso:export", args=[handover.case_id]), follow=True)
    assert "niet geïnstalleerd" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


@needs_schema
def test_an_export_that_does_not_validate_is_refused(world, monkeypatch):  # noqa: F811
    handover, ib, _zc = _sent(world, "PO-VO", T.BAO, T.VO, SECTIONS)
    handover.case.from_organisation.brin = ""  # a school without a BRIN cannot be named in OSO
    handover.case.from_organisation.save()
    handover = Handover.objects.get(pk=handover.pk)
    with pytest.raises(ExportRefused, match="OSO-schema"):
        export_handover(ib, handover)
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_move_without_an_oso_dossier_is_refused(world):  # noqa: F811
    handover, ib, _zc = _sent(world, "VO-MBO", T.VO, T.MBO, SECTIONS)
    with pytest.raises(ExportRefused, match="VO-MBO"):
        export_handover(ib, handover)


@needs_schema
def test_the_command_writes_a_valid_dossier(world, tmp_path, capsys):  # noqa: F811
    handover, _ib, zc = _sent(world, "VO-VSO", T.VO, T.VSO, SECTIONS)
    target = tmp_path / "dossier.xml"
    call_command("oso_export", str(handover.pk), str(target), "--as", zc.email)
    assert gegevensset.validation_errors(str(target)) == []
    assert "VOSWV" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action=Action.EXPORT, actor_id=zc.pk).exists()
    outsider = acting(
        MembershipFactory(
            organisation=OrganisationFactory(type=T.VO),
            role="zorgcoordinator",
            user=UserFactory(email="zc@elders.invalid"),
        )
    )
    with pytest.raises(CommandError):
        call_command("oso_export", str(handover.pk), str(target), "--as", outsider.user.email)
    with pytest.raises(CommandError):
        call_command("oso_export", "999999", str(target), "--as", zc.email)
