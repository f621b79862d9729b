"""The whole dossier of one child as the family may read it, for the download (AVG art. 15 and 20).

Everything here is read through the checkpoint, part by part, with the same action the page of that part uses
(``for_user(user, ...)``, the apps' own selectors, ``transitions.handover.content_for`` for a handover). So the
download never holds more than the same person can open page by page: an entry the reader may not see on the
dossier page is not in it, and a handover section whose consent the family withdrew stays withheld.

The structure is described in ``docs/dossier-download.md``; ``SCHEMA_VERSION`` changes whenever a key changes
meaning or disappears (a new key alone does not). Keys are English, dates ISO 8601, codes stay codes (with a
``*_label`` beside them in the reader's language), so a program can read the file and a person can follow it.

The access history is the pupil's own audit trail (narrowed to the pupil by its index, never the whole table),
read in the family's words by the who-looked page's selectors and streamed in chunks, so a long trail does not have
to sit in memory at once.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from overstap.consent.categories import Category
from overstap.consent.models import Consent
from overstap.core import labels
from overstap.dossiers.models import CareTransition, CorrectionEvent, EntryVersion, IntegralPlan, Opp, YouthCare
from overstap.dossiers.selectors import corrections_for, entries_for
from overstap.pupils.models import Guardian, Pupil
from overstap.pupils.selectors import audit_events, grouped_looks, school_career
from overstap.support.models import ExpertAdvice
from overstap.support.selectors import requests_for_pupil
from overstap.transitions import handover as handover_service
from overstap.transitions.models import ConsentAsk, Meeting, TransitionCase

SCHEMA = "overstap.dossier-download"
SCHEMA_VERSION = 1
# The parts of the download, in the order of the file and the PDF. ``access_history`` comes last: it is streamed.
PARTS = (
    "pupil",
    "guardians",
    "school_career",
    "dossier_entries",
    "opps",
    "integral_plans",
    "youth_care",
    "support_requests",
    "transitions",
    "consents",
    "consent_questions",
    "correction_requests",
    "access_history",
)
HISTORY_CHUNK = 500


def _iso(value) -> str | None:
    """A date as YYYY-MM-DD, a moment as an ISO 8601 time with its offset (local time), nothing as null."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else (code or "")


def _name(organisation) -> str | None:
    return str(organisation) if organisation is not None else None


# --- The parts ---------------------------------------------------------------------------------------------------


def _pupil(pupil: Pupil) -> dict:
    return {
        "id": pupil.pk,
        "given_names": pupil.given_names,
        "preferred_name": pupil.preferred_name,
        "family_name_prefix": pupil.family_name_prefix,
        "family_name": pupil.family_name,
        "full_name": pupil.full_name,
        "birth_date": _iso(pupil.birth_date),
        "education_number": pupil.onderwijsnummer,
        "municipality": _name(pupil.municipality),
        "startkwalificatie_on": _iso(pupil.startkwalificatie_on),
    }


def _guardians(user, pupil) -> list[dict]:
    return [
        {
            "name": g.name,
            "relation": g.relation,
            "relation_label": g.get_relation_display(),
            "legal_representative": g.legal_representative,
            "lives_with_pupil": g.lives_with_pupil,
            "phone": g.phone,
            "email": g.email,
            "recorded_by": g.recorded_by_name,
        }
        for g in Guardian.objects.for_user(user, "list").filter(pupil=pupil).order_by("pk")
    ]


def _school_career(user, pupil) -> list[dict]:
    return [
        {
            "school": _name(e.organisation),
            "from": _iso(e.start_date),
            "until": _iso(e.end_date),
            "programme": e.programme,
            "programme_label": e.get_programme_display() if e.programme else "",
            "group": e.group,
        }
        for e in school_career(user, pupil)
    ]


def _entries(user, pupil) -> list[dict]:
    entries = entries_for(user, pupil).prefetch_related(
        Prefetch("versions", queryset=EntryVersion.objects.order_by("version"))
    )
    return [
        {
            "id": e.pk,
            "category": e.category,
            "category_label": _label(Category, e.category),
            "domain": e.domain,
            "domain_label": e.get_domain_display() if e.domain else "",
            "title": e.title,
            "text": e.text,
            "organisation": _name(e.organisation),
            "view_of_family": e.is_view_of_family,
            "written_by": e.author_name,
            "recorded_on": _iso(e.recorded_on),
            "valid_until": _iso(e.valid_until),
            "current": e.is_current,
            "closed_at": _iso(e.closed_at),
            "closed_by": e.closed_by_name,
            "closed_reason": e.closed_reason,
            "version": e.version,
            "history": [
                {
                    "version": v.version,
                    "title": v.title,
                    "text": v.text,
                    "domain": v.domain,
                    "valid_until": _iso(v.valid_until),
                    "saved_by": v.saved_by_name,
                    "saved_at": _iso(v.saved_at),
                }
                for v in e.versions.all()
            ],
        }
        for e in entries.order_by("category", "-recorded_on", "-pk")
    ]


def _opps(user, pupil) -> list[dict]:
    opps = (
        Opp.objects.for_user(user, "list")
        .filter(pupil=pupil)
        .select_related("organisation", "based_on_organisation")
        .prefetch_related("goals", "evaluations")
        .order_by("-established_on", "-pk")
    )
    return [
        {
            "id": o.pk,
            "organisation": _name(o.organisation),
            "exit_profile": o.exit_profile,
            "exit_profile_label": o.get_exit_profile_display(),
            "exit_level": o.exit_level,
            "approach": o.approach,
            "parents_discussed_on": _iso(o.parents_discussed_on),
            "established_on": _iso(o.established_on),
            "closed_on": _iso(o.closed_on),
            "written_by": o.author_name,
            "based_on_plan_of": _name(o.based_on_organisation),
            "version": o.version,
            "goals": [
                {
                    "area": g.area,
                    "goal": g.goal,
                    "intermediate_goals": g.intermediate_list,
                    "target_date": _iso(g.target_date),
                }
                for g in o.goals.all()
            ],
            "evaluations": [
                {"planned_on": _iso(ev.planned_on), "held_on": _iso(ev.held_on), "outcome": ev.outcome}
                for ev in o.evaluations.all()
            ],
        }
        for o in opps
    ]


def _integral_plans(user, pupil) -> list[dict]:
    plans = (
        IntegralPlan.objects.for_user(user, "list")
        .filter(pupil=pupil)
        .select_related("organisation", "based_on_organisation")
        .prefetch_related("actions")
        .order_by("-established_on", "-pk")
    )
    return [
        {
            "id": p.pk,
            "organisation": _name(p.organisation),
            "coordinator": p.coordinator,
            "established_on": _iso(p.established_on),
            "evaluation_on": _iso(p.evaluation_on),
            "based_on_plan_of": _name(p.based_on_organisation),
            "version": p.version,
            "actions": [
                {
                    "for": a.for_whom,
                    "for_label": a.get_for_whom_display(),
                    "what": a.what,
                    "delivered_by": a.delivered_by,
                    "from": _iso(a.start_on),
                    "until": _iso(a.end_on),
                }
                for a in p.actions.all()
            ],
        }
        for p in plans
    ]


def _youth_care(user, pupil) -> list[dict]:
    care = (
        YouthCare.objects.for_user(user, "list")
        .filter(pupil=pupil)
        .select_related("organisation", "municipality")
        .prefetch_related(Prefetch("decisions", queryset=CareTransition.objects.order_by("decided_on", "pk")))
        .order_by("-start_on", "-pk")
    )
    return [
        {
            "id": c.pk,
            "recorded_by_school": _name(c.organisation),
            "provider": c.provider,
            "worker": c.worker,
            "kind": c.care_type,
            "kind_label": c.get_care_type_display(),
            "municipality": _name(c.municipality),
            "from": _iso(c.start_on),
            "until": _iso(c.end_on),
            "recorded_by": c.recorded_by_name,
            "decisions": [
                {
                    "moment": d.moment,
                    "decision": d.decision,
                    "decision_label": d.get_decision_display(),
                    "new_provider": d.to_provider,
                    "agreements": d.note,
                    "decided_on": _iso(d.decided_on),
                    "decided_by": d.decided_by_name,
                }
                for d in c.decisions.all()
            ],
        }
        for c in care
    ]


def _support_requests(user, pupil) -> list[dict]:
    requests = (
        requests_for_pupil(user, pupil)
        .select_related("school", "swv")
        .prefetch_related(Prefetch("advices", queryset=ExpertAdvice.objects.order_by("given_at", "pk")))
        .order_by("-requested_at", "-pk")
    )
    result = []
    for r in requests:
        decision = getattr(r, "decision", None)
        result.append(
            {
                "id": r.pk,
                "school": _name(r.school),
                "samenwerkingsverband": _name(r.swv),
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "question": r.question,
                "requested_by": r.requested_by_name,
                "requested_at": _iso(r.requested_at),
                "status": r.status,
                "status_label": r.get_status_display(),
                "advices": [
                    {
                        "expert": a.expert_name,
                        "advice": a.advice,
                        "recommends": a.recommends,
                        "given_at": _iso(a.given_at),
                    }
                    for a in r.advices.all()
                ],
                "decision": None
                if decision is None
                else {
                    "granted": decision.granted,
                    "number": decision.number,
                    "from": _iso(decision.start_date),
                    "until": _iso(decision.end_date),
                    "funding_category": decision.funding_category,
                    "motivation": decision.motivation,
                    "decided_by": decision.decided_by_name,
                    "decided_at": _iso(decision.decided_at),
                },
            }
        )
    return result


def _handover(user, case: TransitionCase) -> dict | None:
    """The handover as this reader opens it on the case: what was sent (with a withdrawn consent's section
    withheld), or the copy the family reads before it goes."""
    stored, content, frozen = handover_service.content_for(case, user)
    if stored is None or content is None:
        return None
    sections = []
    for section in content.get("sections", []):
        sections.append(
            {
                "category": section.get("category", ""),
                "category_label": _label(Category, section.get("category", "")),
                "basis": section.get("basis", ""),
                "basis_label": labels.basis_plain(section.get("basis", "")),
                "explanation": section.get("explanation", ""),
                "consent_given_at": section.get("consent_given_at") or None,
                "withheld": bool(section.get("withheld")),
                "withdrawn_on": section.get("withdrawn_at") if section.get("withheld") else None,
                "items": [
                    {
                        "title": item.get("title", ""),
                        "text": item.get("text", ""),
                        "written_by": item.get("by") or None,
                        "on": item.get("on") or None,
                        "view_of_family": bool(item.get("family")),
                    }
                    for item in section.get("items", [])
                ],
            }
        )
    return {
        "recipient": content.get("to") or None,
        "sent": frozen,
        "sent_at": _iso(stored.sent_at),
        "received_at": _iso(stored.received_at),
        "read_by_family_on": content.get("inzage_on") or None,
        "read_by_family": content.get("inzage_by") or None,
        "family_view": content.get("family_view", ""),
        "family_view_by": content.get("family_view_by") or None,
        "family_chose_no_view": bool(content.get("family_view_waived")),
        "sections": sections,
    }


def _meetings_by_case(user, pupil) -> dict[int, list[dict]]:
    meetings = (
        Meeting.objects.for_user(user, "list")
        .filter(case__pupil=pupil)
        .select_related("organiser")
        .prefetch_related("participants", "agreements")
        .order_by("held_on", "pk")
    )
    by_case: dict[int, list[dict]] = {}
    for m in meetings:
        by_case.setdefault(m.case_id, []).append(
            {
                "id": m.pk,
                "kind": m.kind,
                "kind_label": m.get_kind_display(),
                "held_on": _iso(m.held_on),
                "place": m.location,
                "organiser": _name(m.organiser),
                "agenda": m.agenda,
                "notes": m.notes,
                "follow_up_on": _iso(m.follow_up_on),
                "participants": [
                    {"name": p.name, "as": p.role, "as_label": p.get_role_display()} for p in m.participants.all()
                ],
                "agreements": [
                    {"text": a.text, "who": a.owner_name, "before": _iso(a.due_on), "done_on": _iso(a.done_on)}
                    for a in m.agreements.all()
                ],
            }
        )
    return by_case


def _transitions(user, pupil) -> list[dict]:
    cases = list(
        TransitionCase.objects.for_user(user, "list")
        .filter(pupil=pupil)
        .select_related("pupil", "from_organisation", "to_organisation")
        .order_by("created_at", "pk")
    )
    readable = set(
        TransitionCase.objects.for_user(user, "read_handover").filter(pupil=pupil).values_list("pk", flat=True)
    )
    meetings = _meetings_by_case(user, pupil)
    return [
        {
            "id": case.pk,
            "transition": case.code,
            "from": _name(case.from_organisation),
            "to": _name(case.to_organisation),
            "school_year": case.school_year,
            "planned_on": _iso(case.planned_on),
            "status": case.status,
            "status_label": case.get_status_display(),
            "created_at": _iso(case.created_at),
            "handover": _handover(user, case) if case.pk in readable else None,
            "meetings": meetings.get(case.pk, []),
        }
        for case in cases
    ]


def _consents(user, pupil) -> list[dict]:
    consents = Consent.objects.for_user(user, "list").filter(pupil=pupil).select_related("recipient")
    return [
        {
            "id": c.pk,
            "category": c.category,
            "category_label": c.get_category_display(),
            "recipient": _name(c.recipient),
            "given_by": c.given_by_name,
            "given_as": c.given_as,
            "given_as_label": c.get_given_as_display(),
            "given_at": _iso(c.given_at),
            "withdrawn_at": _iso(c.withdrawn_at),
            "withdrawn_by": c.withdrawn_by_name or None,
        }
        for c in consents.order_by("given_at", "pk")
    ]


def _consent_questions(user, pupil) -> list[dict]:
    questions = (
        ConsentAsk.objects.for_user(user, "list")
        .filter(case__pupil=pupil)
        .select_related("recipient")
        .order_by("asked_at", "pk")
    )
    return [
        {
            "id": q.pk,
            "transition_id": q.case_id,
            "category": q.category,
            "category_label": _label(Category, q.category),
            "recipient": _name(q.recipient),
            "asked_by": q.asked_by_name,
            "asked_at": _iso(q.asked_at),
            "answer": q.status,
            "answer_label": q.get_status_display(),
            "answered_by": q.answered_by_name or None,
            "answered_at": _iso(q.answered_at),
            "consent_id": q.consent_id,
        }
        for q in questions
    ]


def _correction_requests(user, pupil) -> list[dict]:
    requests = corrections_for(user, pupil).prefetch_related(
        Prefetch("events", queryset=CorrectionEvent.objects.order_by("at", "pk"))
    )
    return [
        {
            "id": r.pk,
            "entry_id": r.entry_id,
            "entry_title": r.entry.title,
            "school": _name(r.organisation),
            "kind": r.kind,
            "kind_label": r.get_kind_display(),
            "what_is_wrong": r.what_is_wrong,
            "should_say": r.should_say,
            "asked_by": r.asked_by_name,
            "asked_at": _iso(r.asked_at),
            "answer_before": _iso(r.due_on),
            "status": r.status,
            "status_label": r.get_status_display(),
            "answer": r.answer,
            "answered_by": r.answered_by_name or None,
            "answered_at": _iso(r.answered_at),
            "history": [
                {
                    "at": _iso(ev.at),
                    "by": ev.by_name,
                    "from": ev.from_status or None,
                    "to": ev.to_status,
                    "note": ev.note,
                }
                for ev in r.events.all()
            ],
        }
        for r in requests
    ]


# --- The whole -----------------------------------------------------------------------------------------------------


def dossier_of(user, pupil: Pupil, *, now: datetime.datetime | None = None) -> dict:
    """Every part of the download but the access history, read as this user may read it."""
    now = now or timezone.now()
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "made_at": _iso(now),
        "made_for": str(user),
        "pupil": _pupil(pupil),
        "guardians": _guardians(user, pupil),
        "school_career": _school_career(user, pupil),
        "dossier_entries": _entries(user, pupil),
        "opps": _opps(user, pupil),
        "integral_plans": _integral_plans(user, pupil),
        "youth_care": _youth_care(user, pupil),
        "support_requests": _support_requests(user, pupil),
        "transitions": _transitions(user, pupil),
        "consents": _consents(user, pupil),
        "consent_questions": _consent_questions(user, pupil),
        "correction_requests": _correction_requests(user, pupil),
    }


def history_events(user, pupil):
    """The pupil's trail as the who-looked page gives it to this reader (newest first), narrowed to the pupil."""
    return audit_events(user, pupil)


def access_history(user, pupil) -> Iterator[dict]:
    """Who read or changed what, newest first, in the family's words (as the who-looked page says it), a chunk of
    the trail at a time."""
    events = history_events(user, pupil)
    chunk = []
    for event in events.iterator(chunk_size=HISTORY_CHUNK):
        chunk.append(event)
        if len(chunk) == HISTORY_CHUNK:
            yield from _looks(chunk)
            chunk = []
    if chunk:
        yield from _looks(chunk)


def _looks(events) -> Iterator[dict]:
    for group in grouped_looks(events):
        for look in group.looks:
            yield {
                "at": _iso(look.at),
                "who": look.who,
                "organisation": group.organisation,
                "role": look.role_plain,
                "did": look.what,
                "part": look.part_plain,
                "why": look.basis_plain,
                "refused": look.refused,
            }


def counts(document: dict, history: int) -> dict[str, int]:
    """How many items of each part the download holds (for the audit trail)."""
    numbers = {part: len(document[part]) for part in PARTS if isinstance(document.get(part), list)}
    numbers["pupil"] = 1
    numbers["handovers"] = sum(1 for case in document["transitions"] if case["handover"] is not None)
    numbers["meetings"] = sum(len(case["meetings"]) for case in document["transitions"])
    numbers["access_history"] = history
    return numbers


def ids(document: dict) -> dict[str, list[int]]:
    """Which items of each part the download holds, by id (for the audit trail: what went, not only how much)."""
    found = {
        part: [item["id"] for item in document[part] if isinstance(item, dict) and "id" in item]
        for part in PARTS
        if part != "access_history" and isinstance(document.get(part), list)
    }
    found["meetings"] = [meeting["id"] for case in document["transitions"] for meeting in case["meetings"]]
    return {part: numbers for part, numbers in found.items() if numbers}


def json_chunks(document: dict, history: Iterator[dict]) -> Iterator[str]:
    """The download as JSON text, piece by piece: the parts first, then the access history one line at a time."""
    head = json.dumps(document, ensure_ascii=False, indent=2)
    yield head[: head.rstrip().rfind("}")].rstrip() + ',\n  "access_history": ['
    first = True
    for look in history:
        yield ("\n    " if first else ",\n    ") + json.dumps(look, ensure_ascii=False)
        first = False
    yield "\n  ]\n}\n"
