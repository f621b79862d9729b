"""The Dutch decision letter of the samenwerkingsverband, as a PDF (A4), for the school and the parents."""

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import CATEGORY_KINDS, TLV_KINDS, SwvDecision


def _date(value) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def decision_letter(decision: SwvDecision) -> bytes:
    """The letter in Dutch, whatever the reader's language: it is the formal decision."""
    from django.utils import translation

    support = decision.request
    pupil = support.pupil
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    with translation.override("nl"):
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=f"Besluit {decision.number}",
            author=support.swv.name,
        )
        kind = str(support.get_kind_display())
        # An adult pupil receives the letter themselves; otherwise the parents or carers do.
        name = escape(pupil.full_name)
        addressee = name if pupil.age >= 18 else f"de ouders of verzorgers van {name}"
        outcome = "toegekend" if decision.granted else "niet toegekend"
        story = [
            Paragraph(escape(support.swv.name), styles["Title"]),
            Paragraph(f"Besluit {escape(decision.number)}", styles["Heading2"]),
            Paragraph(f"Datum: {_date(timezone.localtime(decision.decided_at).date())}", body),
            Spacer(1, 6 * mm),
            Paragraph(f"Aan {addressee} en aan {escape(support.school.name)}.", body),
            Spacer(1, 4 * mm),
            Paragraph(
                f"De school heeft ons gevraagd om: <b>{escape(kind)}</b>. Wij hebben dit verzoek <b>{outcome}</b>.",
                body,
            ),
        ]
        rows = [
            ["Leerling", pupil.full_name],
            ["Geboortedatum", _date(pupil.birth_date)],
            ["School", support.school.name],
            ["Besluit", outcome],
        ]
        if decision.granted and (support.kind in TLV_KINDS or decision.start_date):
            rows += [["Geldig van", _date(decision.start_date)], ["Geldig tot en met", _date(decision.end_date)]]
        if decision.granted and support.kind in CATEGORY_KINDS:
            rows.append(["Bekostigingscategorie", decision.get_funding_category_display()])
        table = Table(rows, colWidths=[55 * mm, 110 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story += [
            Spacer(1, 4 * mm),
            table,
            Spacer(1, 6 * mm),
            Paragraph("Waarom dit besluit", styles["Heading3"]),
            Paragraph(escape(decision.motivation).replace("\n", "<br/>"), body),
        ]
        advices = list(support.advices.all())
        if advices:
            story.append(Paragraph("Deskundigenadvies", styles["Heading3"]))
            for advice in advices:
                verdict = (
                    "adviseert het verzoek toe te kennen"
                    if advice.recommends
                    else "adviseert het verzoek niet toe te kennen"
                )
                story.append(Paragraph(f"{escape(advice.expert_name)} {verdict}.", body))
        story += [
            Spacer(1, 6 * mm),
            Paragraph("Bent u het niet eens met dit besluit?", styles["Heading3"]),
            Paragraph(
                "U kunt binnen zes weken na de datum van dit besluit bezwaar maken bij het samenwerkingsverband. "
                "Schrijf in uw bezwaar waarom u het niet eens bent. Wilt u eerst praten? Neem dan contact op met de "
                "school of met het samenwerkingsverband.",
                body,
            ),
            Spacer(1, 8 * mm),
            Paragraph(f"Namens {escape(support.swv.name)},<br/>{escape(decision.decided_by_name)}", body),
        ]
        document.build(story)
    return buffer.getvalue()
