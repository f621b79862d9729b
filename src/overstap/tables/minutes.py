"""The minutes of an Overstaptafel as a Dutch PDF (A4), per reader: it prints only the rows and fields the reader
may see (the items come from ``selectors.table_view`` for that reader).

Names in the region come from many languages (Yılmaz, Öztürk, El Idrissi, Şahin): the text is set in DejaVu Sans,
which covers them, where the system has it (Debian's fonts-dejavu-core); without it, in Helvetica, which shows the
Latin-1 letters and a placeholder for the rest rather than failing.
"""

import functools
import io
import os
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

MARGIN = 18 * mm
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu")


@functools.cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when found, else Helvetica."""
    for folder in FONT_DIRS:
        regular, bold = os.path.join(folder, "DejaVuSans.ttf"), os.path.join(folder, "DejaVuSans-Bold.ttf")
        if os.path.exists(regular) and os.path.exists(bold):
            pdfmetrics.registerFont(TTFont("OverstapSans", regular))
            pdfmetrics.registerFont(TTFont("OverstapSans-Bold", bold))
            return "OverstapSans", "OverstapSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles():
    regular, bold = fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=16, alignment=0),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=8),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10.5, spaceBefore=6),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontName=regular, fontSize=8, leading=10),
    }


def _text(value) -> str:
    return escape(str(value or "")).replace("\n", "<br/>")


def _date(value) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def minutes_pdf(tafel, items, participants, *, reader) -> bytes:
    styles = _styles()
    story = [
        Paragraph(
            _text(_("Minutes of the Overstaptafel %(transition)s") % {"transition": tafel.transition}), styles["title"]
        ),
        Paragraph(
            _text(
                _("%(day)s · %(place)s · convened by %(convener)s · status: %(status)s")
                % {
                    "day": _date(tafel.held_on),
                    "place": tafel.location,
                    "convener": tafel.convener,
                    "status": tafel.get_status_display(),
                }
            ),
            styles["body"],
        ),
        Paragraph(
            _text(
                _("For %(reader)s: this copy holds only the pupils and details your organisation may see.")
                % {"reader": reader}
            ),
            styles["small"],
        ),
        Paragraph(_text(_("Participants")), styles["h2"]),
    ]
    lines = [f"{tafel.convener} ({_('convener')}): {tafel.convened_by_name}"]
    lines += [f"{p.organisation}{': ' + p.attendees if p.attendees else ''}" for p in participants]
    story += [Paragraph(_text(line), styles["body"]) for line in lines]
    story.append(Paragraph(_text(_("Pupils (%(count)s)") % {"count": len(items)}), styles["h2"]))
    if not items:
        story.append(Paragraph(_text(_("No pupils on this tafel that you may see.")), styles["body"]))
    for item in items:
        row = item["row"]
        block = [Paragraph(_text(f"{row.pupil.full_name} · {_date(row.pupil.birth_date)}"), styles["h3"])]
        facts = [(_("School"), item["school"] or "—"), (_("Proposed to"), row.proposed_to or "—")]
        if item["signals"]:
            facts.append((_("Signals"), "; ".join(f"{s.get_kind_display()}: {s.cause}" for s in item["signals"])))
        if "support" in item["fields"] and item["support_note"]:
            facts.append((_("Support needed at the next school"), item["support_note"]))
        facts += [(_("Outcome"), row.outcome or "—"), (_("Next step"), row.next_step or "—")]
        block += [Paragraph(f"<b>{_text(label)}</b>: {_text(value)}", styles["body"]) for label, value in facts]
        for agreement in item["agreements"]:
            if agreement.done_on:
                state = _("done on %(day)s") % {"day": _date(agreement.done_on)}
            else:
                state = _("by %(day)s") % {"day": _date(agreement.due_on)}
                if agreement in item["overdue"]:
                    state += f" ({_('overdue')})"
            block.append(Paragraph(_text(f"• {agreement.what} — {agreement.owner}, {state}"), styles["body"]))
        story.append(KeepTogether(block))
        story.append(Spacer(1, 3 * mm))
    made = formats.date_format(timezone.localtime(), "j F Y H:i")
    footer = _("Overstap · made on %(when)s for %(reader)s · confidential") % {"when": made, "reader": reader}
    regular, _bold = fonts()

    def draw_footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.drawString(MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, _("page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_("Minutes of the Overstaptafel"),
        lang="nl",
    )
    document.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()
