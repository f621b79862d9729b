"""The printable handover report (overdrachtsrapport), as a PDF (A4).

It prints only what is in the content it is given: the frozen content once the handover was sent, or the live
preview before. That content holds only the released categories, each with the legal basis it goes on.
"""

import datetime
import functools
import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from overstap.consent.categories import Basis, Category

from .models import FamilyVerdict

MARGIN = 20 * mm


def _date(value) -> str:
    """A date (or an ISO string of a date or a moment, as the content stores them) as '3 maart 2026'."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "j F Y")


def _text(value: str) -> str:
    """User-written text as a safe paragraph, keeping its line breaks."""
    return escape(value or "").replace("\n", "<br/>")


def _label(choices, key: str) -> str:
    return str(choices(key).label) if key in choices.values else key


class NumberedCanvas(Canvas):
    """Draws the footer when the document is complete, so that every page knows the total ("page 2 of 5")."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.footer = footer
        self._pages = []

    def showPage(self):  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            page = _("page %(page)s of %(pages)s") % {"page": number, "pages": total}
            self.drawString(MARGIN, 10 * mm, self.footer)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, page)
            super().showPage()
        super().save()


def _facts(rows) -> Table:
    table = Table(rows, colWidths=[45 * mm, 125 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def handover_report(case, content: dict, *, preview: bool = False) -> bytes:
    """The report in the active language (Dutch by default). ``preview``: the handover was not sent yet, so the
    report says that its content may still change."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["Italic"]
    title = _("Handover report")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title} {content.get('code', '')}",
        author=str(case.from_organisation),
    )
    story = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(content.get("pupil", "")), styles["Heading2"]),
    ]
    if preview:
        story.append(Paragraph(escape(_("Preview: this handover has not been sent; its content may change.")), small))
    story += [
        Spacer(1, 3 * mm),
        _facts(
            [
                [_("Date of birth"), _date(content.get("birth_date"))],
                [_("From"), Paragraph(escape(content.get("from", "")), body)],
                [_("To"), Paragraph(escape(content.get("to", "") or "—"), body)],
                [_("Transition"), content.get("code", "")],
                [_("School year"), content.get("school_year", "")],
                [_("Planned date"), _date(content.get("planned_on"))],
            ]
        ),
    ]

    # The family's views from the dossier are part of the one section about what the family says (at the end).
    views = next((s for s in content.get("sections", []) if s.get("category") == Category.ZIENSWIJZE), None)
    sections = [s for s in content.get("sections", []) if s is not views]
    if not sections and views is None:
        story += [Spacer(1, 4 * mm), Paragraph(escape(_("No categories were released with this handover.")), body)]
    for section in sections:
        basis = _label(Basis, section.get("basis", ""))
        heading = [
            Paragraph(escape(_label(Category, section.get("category", ""))), styles["Heading3"]),
            Paragraph("<b>{}</b> {}".format(escape(_("Legal basis:")), escape(basis)), body),
        ]
        if section.get("withheld"):
            heading.append(Paragraph(escape(withheld_text(section)), body))
            story.append(KeepTogether(heading))
            continue
        if section.get("explanation"):
            heading.append(Paragraph(_text(section["explanation"]), small))
        if section.get("consent_given_at"):
            heading.append(
                Paragraph(escape(_("Consent given on %(date)s.") % {"date": _date(section["consent_given_at"])}), body)
            )
        items = section.get("items", [])
        if not items:
            heading.append(Paragraph(escape(_("Nothing recorded in this category.")), body))
            story.append(KeepTogether(heading))
            continue
        # The heading stays on the page of the first item, never alone at the bottom.
        story.append(KeepTogether([*heading, *_item(items[0], styles)]))
        for item in items[1:]:
            story.append(KeepTogether(_item(item, styles)))

    story += doorstroom_flowables(content.get("doorstroomdossier"), styles)
    story += [Spacer(1, 4 * mm), *_family_section(content, views, styles)]

    footer = _("%(title)s %(pupil)s · printed on %(date)s") % {
        "title": title,
        "pupil": content.get("pupil", ""),
        "date": _date(timezone.localdate()),
    }
    document.build(story, canvasmaker=functools.partial(NumberedCanvas, footer=footer))
    return buffer.getvalue()


def withheld_text(section: dict) -> str:
    """What a reader sees instead of a section whose consent the family withdrew after it was sent."""
    return _(
        "The family withdrew their consent for this information on %(date)s. From then on it is no longer shown."
    ) % {"date": _date(section.get("withdrawn_at"))}


def _item(item: dict, styles) -> list:
    body = styles["BodyText"]
    flowables = [Paragraph(f"<b>{escape(item.get('title', ''))}</b>", body), Paragraph(_text(item.get("text")), body)]
    who = []
    if item.get("family"):
        who.append(_("view of parents or pupil"))
    if item.get("by"):
        who.append(_("written by %(name)s") % {"name": item["by"]})
    if item.get("on"):
        who.append(_date(item["on"]))
    if who:
        flowables.append(Paragraph(escape(" · ".join(who)), styles["Italic"]))
    flowables.append(Spacer(1, 2 * mm))
    return flowables


def doorstroom_flowables(dossier: dict | None, styles) -> list:
    """The student's doorstroomdossier as it went with the handover: only the parts the student released."""
    if not dossier:
        return []
    body = styles["BodyText"]
    signed = _("Signed by %(name)s on %(date)s.") % {
        "name": dossier.get("signed_by") or "—",
        "date": _date(dossier.get("signed_at")),
    }
    if dossier.get("parent_agreed_by"):
        signed += " " + _("A parent agreed: %(name)s.") % {"name": dossier["parent_agreed_by"]}
    flowables = [
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Doorstroomdossier of the student")), styles["Heading3"]),
        Paragraph(escape(signed), body),
        Paragraph(escape(_("The student decided which parts the new school may read.")), styles["Italic"]),
    ]
    part_a = dossier.get("part_a")
    if part_a:
        flowables.append(Paragraph(f"<b>{escape(_('Part A: by the student'))}</b>", body))
        for key, label in (
            ("study_choice", _("Study choice")),
            ("strengths", _("What I am good at")),
            ("support_needs", _("What I need at my new school")),
            ("what_helps", _("What helps me")),
        ):
            flowables += [Paragraph(f"<i>{escape(label)}</i>", body), Paragraph(_text(part_a.get(key) or "—"), body)]
    else:
        flowables.append(Paragraph(escape(_("The student does not share part A.")), body))
    part_b = dossier.get("part_b")
    if not part_b:
        flowables.append(Paragraph(escape(_("The student does not share the advice of the school (part B).")), body))
    if part_b:
        flowables += [
            Paragraph(f"<b>{escape(_('Part B: advice of the school'))}</b>", body),
            Paragraph(_text(part_b.get("advice") or "—"), body),
            Paragraph(escape(f"{part_b.get('by') or '—'} · {_date(part_b.get('on'))}"), styles["Italic"]),
        ]
    return flowables


def _family_section(content: dict, views: dict | None, styles) -> list:
    """What the family says: that they read the report (and who recorded that), whether they agree, their view on
    it, and the views kept in the dossier if those go too. One section, as on the page."""
    body = styles["BodyText"]
    flowables = [Paragraph(escape(_("What parents and pupil say")), styles["Heading3"])]
    if content.get("inzage_on"):
        template = (
            _("%(name)s said on %(date)s that they read it.")
            if content.get("inzage_by_family")
            else _("Read on %(date)s by %(name)s (recorded by the school).")
        )
        read = template % {"date": _date(content["inzage_on"]), "name": content.get("inzage_by") or "—"}
    else:
        read = _("The parents or the pupil have not said yet that they read it.")
    flowables.append(Paragraph(escape(read), body))
    verdict = content.get("family_verdict")
    if verdict:
        flowables.append(Paragraph(f"<b>{escape(_label(FamilyVerdict, verdict))}</b>", body))
    if (content.get("family_view") or "").strip():
        flowables += [
            Paragraph(
                "<b>{}</b> ({})".format(
                    escape(_("Their view on this report")), escape(content.get("family_view_by") or "—")
                ),
                body,
            ),
            Paragraph(_text(content["family_view"]), body),
        ]
    elif content.get("family_view_waived"):
        flowables.append(Paragraph(escape(_("They chose not to give a view.")), body))
    elif not verdict:
        flowables.append(Paragraph(escape(_("No view has been given.")), body))
    if views is not None:
        flowables.append(Paragraph(escape(_("Views written earlier in the dossier")), styles["Heading4"]))
        if views.get("withheld"):
            flowables.append(Paragraph(escape(withheld_text(views)), body))
        for item in views.get("items", []):
            flowables += _item(item, styles)
    return flowables
