"""The whole dossier as a readable PDF (AVG art. 15): the same parts as the JSON download, from the same document,
with a heading per part, the date it was made and for whom, and page numbers ("page 2 of 9") on every page.

It is made the way the handover report is made (ReportLab's platypus, its standard Helvetica fonts, A4 with the same
margins and footer), so a family that prints both gets the same kind of paper.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from overstap.core import labels
from overstap.transitions.report import MARGIN, NumberedCanvas


def _date(value) -> str:
    """An ISO date or moment from the document as '3 maart 2026' (a moment with its time)."""
    if not value:
        return "—"
    if "T" in value:
        moment = datetime.datetime.fromisoformat(value)
        return formats.date_format(moment, "j F Y, H:i")
    return formats.date_format(datetime.date.fromisoformat(value), "j F Y")


def _text(value) -> str:
    return escape(str(value or "")).replace("\n", "<br/>")


def _period(start, end) -> str:
    return f"{_date(start)} – {_date(end) if end else _('now')}"


class _Writer:
    def __init__(self):
        styles = getSampleStyleSheet()
        self.styles = styles
        self.body, self.small = styles["BodyText"], styles["Italic"]
        self.story: list = []

    def title(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.styles["Title"]))

    def part(self, text: str, intro: str = "") -> None:
        """A heading per part of the dossier, with a line on what it is."""
        flowables = [Spacer(1, 3 * mm), Paragraph(escape(text), self.styles["Heading2"])]
        if intro:
            flowables.append(Paragraph(escape(intro), self.small))
        self._pending = flowables

    def _flush(self, first: list) -> None:
        """Adds the flowables of one item, kept on one page; a part's heading goes with its first item."""
        pending = getattr(self, "_pending", None) or []
        self._pending = None
        self.story.append(KeepTogether([*pending, *first]))

    def item(self, heading: str, lines: Iterable[tuple[str, object]] = (), text: str = "", meta: str = "") -> None:
        flowables = []
        if heading:
            flowables.append(Paragraph(f"<b>{_text(heading)}</b>", self.body))
        if text:
            flowables.append(Paragraph(_text(text), self.body))
        rows = [(label, value) for label, value in lines if value not in (None, "", [])]
        if rows:
            table = Table(
                [[Paragraph(escape(label), self.body), Paragraph(_text(value), self.body)] for label, value in rows],
                colWidths=[42 * mm, 123 * mm],  # within the frame and its padding
                hAlign="LEFT",
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (0, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            flowables.append(table)
        if meta:
            flowables.append(Paragraph(_text(meta), self.small))
        flowables.append(Spacer(1, 2 * mm))
        self._flush(flowables)

    def none(self, text: str) -> None:
        self._flush([Paragraph(escape(text), self.body)])

    def plain(self, text: str, style=None) -> None:
        self._flush([Paragraph(_text(text), style or self.body)])


def dossier_pdf(document: dict, history: Iterable[dict], *, to_pupil: bool = False) -> bytes:
    """The PDF of one child's download, in the active language (Dutch by default); ``to_pupil``: the reader is the
    pupil (from 16), who is addressed as "je"."""
    buffer = io.BytesIO()
    pupil = document["pupil"]
    name = pupil["full_name"]
    title = _("Everything Overstap keeps about %(name)s") % {"name": name}
    made = _date(document["made_at"])
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Overstap",
    )
    w = _Writer()
    w.title(title)
    w.plain(_("Made on %(date)s for %(name)s.") % {"date": made, "name": document["made_for"]})
    personal = (
        pgettext(
            "pupil",
            "This is personal information. Keep it in a safe place and only share it with people you trust. "
            "Overstap recorded that you made this copy.",
        )
        if to_pupil
        else _(
            "This is personal information. Keep it in a safe place and only share it with people you trust. "
            "Overstap recorded that you made this copy."
        )
    )
    w.plain(personal, w.small)

    w.part(_("Details of %(name)s") % {"name": name})
    w.item(
        "",
        [
            (_("Given names"), pupil["given_names"]),
            (_("Called"), pupil["preferred_name"]),
            (_("Family name"), " ".join(p for p in (pupil["family_name_prefix"], pupil["family_name"]) if p)),
            (_("Date of birth"), _date(pupil["birth_date"])),
            (_("Education number"), pupil["education_number"]),
            (_("Municipality"), pupil["municipality"]),
        ],
    )

    w.part(_("Parents and carers the school recorded"))
    for g in document["guardians"]:
        w.item(
            g["name"],
            [
                (_("Relation"), g["relation_label"]),
                (_("Parental authority"), _("yes") if g["legal_representative"] else _("no")),
                (_("Phone"), g["phone"]),
                (_("E-mail"), g["email"]),
            ],
        )
    if not document["guardians"]:
        w.none(_("None recorded."))

    w.part(_("Schools"))
    for e in document["school_career"]:
        w.item(e["school"], [(_("Period"), _period(e["from"], e["until"])), (_("Group or class"), e["group"])])
    if not document["school_career"]:
        w.none(_("None recorded."))

    w.part(_("Dossier"), _("What the schools wrote, and your own views."))
    for e in document["dossier_entries"]:
        meta = " · ".join(
            part
            for part in (
                e["category_label"],
                _("written by %(name)s") % {"name": e["written_by"]} if e["written_by"] else "",
                e["organisation"] or _("view of parents or pupil"),
                _date(e["recorded_on"]),
                "" if e["current"] else _("no longer current"),
            )
            if part
        )
        w.item(e["title"], text=e["text"], meta=meta)
        earlier = [v for v in e["history"] if v["version"] != e["version"]]
        for v in earlier:
            w.item(
                _("Earlier version %(number)s") % {"number": v["version"]},
                text=v["text"],
                meta=_("saved by %(name)s on %(date)s") % {"name": v["saved_by"], "date": _date(v["saved_at"])},
            )
    if not document["dossier_entries"]:
        w.none(_("Nothing recorded."))

    w.part(_("Development perspective plans (OPP)"))
    for o in document["opps"]:
        lines = [
            (_("School"), o["organisation"]),
            (_("Exit profile"), f"{o['exit_profile_label']} · {o['exit_level']}"),
            (_("Established on"), _date(o["established_on"])),
            (_("Closed on"), _date(o["closed_on"]) if o["closed_on"] else ""),
        ]
        lines += [
            (
                _("Goal: %(area)s") % {"area": g["area"]},
                "\n".join([g["goal"], *(f"– {s}" for s in g["intermediate_goals"])]),
            )
            for g in o["goals"]
        ]
        lines += [
            (_("Evaluation"), f"{_date(ev['planned_on'])}: {ev['outcome'] or _('not held yet')}")
            for ev in o["evaluations"]
        ]
        w.item(_("OPP of %(date)s") % {"date": _date(o["established_on"])}, lines, text=o["approach"])
    if not document["opps"]:
        w.none(_("None recorded."))

    w.part(_("Plans of approach"))
    for p in document["integral_plans"]:
        lines = [(_("School"), p["organisation"]), (_("Evaluation on"), _date(p["evaluation_on"]))]
        lines += [
            (a["for_label"], f"{a['what']} ({a['delivered_by']}, {_period(a['from'], a['until'])})")
            for a in p["actions"]
        ]
        w.item(_("Plan of approach, coordinator %(name)s") % {"name": p["coordinator"]}, lines)
    if not document["integral_plans"]:
        w.none(_("None recorded."))

    w.part(_("Youth care"))
    for c in document["youth_care"]:
        lines = [(_("Kind of help"), c["kind_label"]), (_("Period"), _period(c["from"], c["until"]))]
        lines += [
            (_("Decision on %(date)s") % {"date": _date(d["decided_on"])}, d["decision_label"]) for d in c["decisions"]
        ]
        w.item(c["provider"], lines)
    if not document["youth_care"]:
        w.none(_("None recorded."))

    w.part(_("Requests to the samenwerkingsverband"))
    for r in document["support_requests"]:
        lines = [
            (_("Asked by"), r["school"]),
            (_("Status"), r["status_label"]),
            *((_("Advice of %(name)s") % {"name": a["expert"]}, a["advice"]) for a in r["advices"]),
        ]
        if r["decision"]:
            d = r["decision"]
            lines.append(
                (_("Decision"), f"{_('granted') if d['granted'] else _('refused')} · {d['number']} · {d['motivation']}")
            )
        w.item(r["kind_label"], lines, text=r["question"])
    if not document["support_requests"]:
        w.none(_("None recorded."))

    w.part(_("Moves to another school"), _("With the handover as the new school reads it."))
    for t in document["transitions"]:
        lines = [
            (_("From"), t["from"]),
            (_("To"), t["to"]),
            (_("Status"), t["status_label"]),
            (_("Planned date"), _date(t["planned_on"]) if t["planned_on"] else ""),
        ]
        w.item(f"{t['transition']} · {t['school_year']}", lines)
        handover = t["handover"]
        if handover:
            state = (
                _("Handover sent on %(date)s.") % {"date": _date(handover["sent_at"])}
                if handover["sent"]
                else (
                    pgettext("pupil", "Handover not sent yet: this is the copy you read.")
                    if to_pupil
                    else _("Handover not sent yet: this is the copy you read.")
                )
            )
            w.plain(state, w.small)
            for s in handover["sections"]:
                # Why it may go, as a sentence a parent understands: never a legal badge such as "Wettelijke plicht".
                basis = labels.basis_plain(s["basis"])
                if s["withheld"]:
                    w.item(
                        s["category_label"],
                        text=_(
                            "The consent for this information was withdrawn on %(date)s. From then on the new school "
                            "no longer sees it, and this copy does not show it either."
                        )
                        % {"date": _date(s["withdrawn_on"])},
                    )
                    continue
                text = "\n\n".join(f"{i['title']}\n{i['text']}" for i in s["items"]) or _("Nothing recorded.")
                w.item(s["category_label"], text=text, meta=basis)
            if handover["family_view"]:
                w.item(_("Your view"), text=handover["family_view"], meta=handover["family_view_by"] or "")
        for m in t["meetings"]:
            lines = [
                (_("Participants"), ", ".join(f"{p['name']} ({p['as_label']})" for p in m["participants"])),
                *((_("Agreement"), f"{a['text']} ({a['who']}, {_date(a['before'])})") for a in m["agreements"]),
            ]
            w.item(f"{m['kind_label']} · {_date(m['held_on'])}", lines, text=m["notes"])
    if not document["transitions"]:
        w.none(_("None recorded."))

    w.part(_("Consent"))
    for c in document["consents"]:
        state = (
            _("withdrawn on %(date)s") % {"date": _date(c["withdrawn_at"])}
            if c["withdrawn_at"]
            else _("given on %(date)s") % {"date": _date(c["given_at"])}
        )
        w.item(f"{c['category_label']} → {c['recipient']}", [(_("Given by"), c["given_by"]), (_("Status"), state)])
    for q in document["consent_questions"]:
        w.item(
            _("Question: %(what)s to %(whom)s") % {"what": q["category_label"], "whom": q["recipient"]},
            [(_("Asked on"), _date(q["asked_at"])), (_("Answer"), q["answer_label"])],
        )
    if not document["consents"] and not document["consent_questions"]:
        w.none(_("None recorded."))

    w.part(_("Requests to correct the dossier"))
    for r in document["correction_requests"]:
        w.item(
            r["entry_title"],
            [
                (_("You asked"), f"{r['what_is_wrong']}\n{r['should_say']}"),
                (_("Asked on"), _date(r["asked_at"])),
                (_("Status"), r["status_label"]),
                (_("Answer"), r["answer"]),
            ],
        )
    if not document["correction_requests"]:
        w.none(_("None recorded."))

    w.part(_("Who looked at the data"), _("Who read or changed something, newest first."))
    shown = 0
    for look in history:
        shown += 1
        who = f"{look['who']} · {look['organisation']}"
        what = f"{look['did']}: {look['part']}" + (f" ({_('refused')})" if look["refused"] else "")
        w.item(f"{_date(look['at'])} · {who}", text=f"{what}. {look['why']}", meta=look["role"])
    if not shown:
        w.none(_("Nobody looked yet."))

    footer = _("%(title)s · made on %(date)s") % {
        "title": name,
        "date": formats.date_format(timezone.localdate(), "j F Y"),
    }
    doc.build(w.story, canvasmaker=functools.partial(NumberedCanvas, footer=footer))
    return buffer.getvalue()
