from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record, record_form_shown
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.core.forms import apply_errors
from overstap.pupils.models import Pupil
from overstap.pupils.scopes import speaks_to_pupil

from .forms import CloseForm, EntryForm
from .models import ENTRY_CATEGORIES, Entry
from .selectors import correctable_entries, dossier_page
from .services import EditConflict, EntryData, close_entry, create_entry, update_entry, writable_categories


def _family_part(user, pupil, shown_ids) -> dict:
    """For a family member: the entries on this page they may ask the school to correct (AVG art. 16), and whether
    to say "je". A professional has neither, so the page asks nothing for them."""
    if actor_for(user).membership is not None:
        return {"is_family": False, "correctable": set(), "to_pupil": False}
    return {
        "is_family": True,
        "correctable": correctable_entries(user, pupil, among=shown_ids),
        "to_pupil": speaks_to_pupil(user, pupil),
    }


def _data(form) -> EntryData:
    cleaned = form.cleaned_data
    return EntryData(
        category=cleaned["category"],
        title=cleaned["title"],
        text=cleaned["text"],
        domain=cleaned.get("domain") or "",
        recorded_on=cleaned.get("recorded_on"),
        valid_until=cleaned.get("valid_until"),
    )


@login_required
def dossier(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "view_dossier", pk=pk)
    show_closed = request.GET.get("afgesloten") == "1"
    page = dossier_page(
        request.user, pupil, show_closed=show_closed, after=request.GET.get("na"), before=request.GET.get("voor")
    )
    entries = page.entries
    sections = []
    views = [e for e in entries if e.is_view_of_family]
    for category in ENTRY_CATEGORIES:
        if category == Category.ZIENSWIJZE:
            continue
        items = [e for e in entries if e.category == category and not e.is_view_of_family]
        current_count, closed_count = page.counts[category]
        sections.append(
            {
                "category": category,
                "current": [e for e in items if e.is_current],
                "closed": [e for e in items if not e.is_current],
                "closed_count": closed_count,
                # Entries of this section that the dossier has but this page does not show (on another page).
                "elsewhere": (current_count + (closed_count if show_closed else 0)) > 0,
            }
        )
    # The read names what this page shows: each entry on it, and the sections they are in.
    shown = [*views, *(e for section in sections for e in (*section["current"], *section["closed"]))]
    record(
        request.user,
        Action.READ,
        pupil,
        request=request,
        detail={
            "page": "dossier",
            "shown": {"dossiers.Entry": sorted(e.pk for e in shown)},
            "sections": sorted({e.category for e in shown}),
            "page_number": page.number,
            **({"closed": True} if show_closed else {}),
        },
    )
    return render(
        request,
        "dossiers/dossier.html",
        {
            **_family_part(request.user, pupil, [e.pk for e in shown]),
            "pupil": pupil,
            "sections": sections,
            "views": views,
            "show_closed": show_closed,
            "page": page,
            "may_write": bool(writable_categories(request.user)) and can(request.user, "write_dossier", pupil),
        },
    )


@login_required
def entry_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "write_dossier", pk=pk)
    actor = actor_for(request.user)
    categories = writable_categories(request.user)
    if not categories:
        return redirect("dossiers:dossier", pk=pupil.pk)
    initial = {"category": request.GET.get("categorie") or (Category.ZIENSWIJZE if actor.membership is None else "")}
    org_type = actor.organisation.type if actor.organisation else None
    form = EntryForm(request.POST or None, initial=initial, categories=categories, organisation_type=org_type)
    if request.method == "POST" and form.is_valid():
        try:
            entry = create_entry(request.user, pupil, _data(form), request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("dossiers:dossier", args=[pupil.pk]) + f"#onderdeel-{entry.pk}")
    record_form_shown(request, pupil, "entry-new")
    return render(request, "dossiers/entry_form.html", {"pupil": pupil, "form": form, "editing": False})


@login_required
def entry_edit(request, pk: int):
    entry = authorised_object(request, Entry.objects.select_related("pupil", "organisation"), "change", pk=pk)
    record(request.user, Action.READ, entry, request=request, detail={"edit": True})
    categories = {entry.category}
    org_type = entry.organisation.type if entry.organisation else None
    initial = {
        "category": entry.category,
        "domain": entry.domain,
        "title": entry.title,
        "text": entry.text,
        "recorded_on": entry.recorded_on,
        "valid_until": entry.valid_until,
        "version": entry.version,
    }
    form = EntryForm(
        request.POST or None, initial=initial, categories=categories, organisation_type=org_type, editing=True
    )
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            update_entry(request.user, entry, _data(form), form.cleaned_data.get("version") or 0, request=request)
        except EditConflict as error:
            conflict = error.current
            status = 409
            form.add_error(None, _conflict_message())
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("dossiers:dossier", args=[entry.pupil_id]) + f"#onderdeel-{entry.pk}")
    return render(
        request,
        "dossiers/entry_form.html",
        {"pupil": entry.pupil, "form": form, "editing": True, "entry": entry, "conflict": conflict},
        status=status,
    )


def _conflict_message():
    from django.utils.translation import gettext as _

    return _(
        "Someone else saved this entry while you were editing it. Your text has not been saved yet: it is still in "
        "the form. Compare it with the newest version below, adjust it and save again."
    )


@login_required
@require_POST
def entry_close(request, pk: int):
    entry = authorised_object(request, Entry.objects.all(), "change", pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        close_entry(request.user, entry, form.cleaned_data["reason"], request=request)
        return redirect(reverse("dossiers:dossier", args=[entry.pupil_id]) + "?afgesloten=1")
    return render(
        request,
        "dossiers/entry_history.html",
        {"entry": entry, "close_form": form, "versions": entry.versions.all()},
        status=400,
    )


@login_required
def entry_history(request, pk: int):
    entry = authorised_object(request, Entry.objects.select_related("pupil"), "view", pk=pk)
    record(request.user, Action.READ, entry, request=request, detail={"history": True})
    return render(
        request,
        "dossiers/entry_history.html",
        {
            "entry": entry,
            "versions": entry.versions.all(),
            "close_form": CloseForm(),
            "may_change": can(request.user, "change", entry),
        },
    )
