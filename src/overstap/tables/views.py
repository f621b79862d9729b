"""The Overstaptafel pages: the list of tafels one takes part in, one tafel with its pupils, a pupil on it, the
forms of the convener, the minutes (PDF) and the export of the pupil list (CSV, XLSX).

Every page reads through the selectors, which ask the checkpoint; every write goes through a service; every read
of pupils is audited naming the pupils shown, every download as an export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core.export import csv_response, xlsx_response
from overstap.core.forms import apply_errors, flash_errors
from overstap.organisations.models import Organisation
from overstap.pupils.models import Pupil

from . import selectors, services
from .forms import (
    AgreementForm,
    DetailsForm,
    ParticipantForm,
    RemoveForm,
    RowForm,
    SearchForm,
    StatusForm,
    TafelForm,
)
from .minutes import minutes_pdf
from .models import Agreement, Overstaptafel, Participant, TablePupil
from .workflow import change_status, next_statuses


def _audit_rows(request, tafel, items, action=Action.LIST, **detail):
    record(
        request.user,
        action,
        tafel,
        request=request,
        object_repr=f"{tafel} · {len(items)} pupils",
        detail={"pupil_ids": [item["row"].pupil_id for item in items], **detail},
    )


@login_required
def tafel_list(request):
    upcoming, past = selectors.upcoming_and_past(request.user)
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="tables.Overstaptafel",
        object_repr=f"{len(upcoming) + len(past)} tafels",
        detail={"ids": [t.pk for t in upcoming + past]},
    )
    return render(
        request,
        "tables/list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "may_convene": selectors.regions_to_convene(request.user).exists(),
            "nav": "tables",
        },
    )


def _convene_form(request, data=None):
    regions = list(selectors.regions_to_convene(request.user))
    organisations = selectors.region_organisations(regions)
    return TafelForm(data, regions=regions, organisations=organisations), regions


@login_required
def tafel_new(request):
    form, regions = _convene_form(request, request.POST or None)
    if not regions:
        raise Http404
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = next(r for r in regions if str(r.pk) == data["region"])
        participants = Organisation.objects.filter(pk__in=data["participants"])
        try:
            tafel = services.convene(
                request.user,
                region,
                services.TafelData(data["transition"], data["held_on"], data["location"], data["starts_at"]),
                participants,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The tafel is convened. Propose its pupils from the open signals."))
            return redirect(tafel)
    status = 400 if request.method == "POST" else 200
    return render(request, "tables/new.html", {"form": form, "nav": "tables"}, status=status)


def _tafel(request, pk, action="view"):
    return authorised_object(
        request,
        Overstaptafel.objects.select_related("convener", "region"),
        action,
        also=("view", "manage"),
        pk=pk,
    )


def _decorate(item, organisations, may_edit: bool, completable: set[int], form=None, people=()) -> dict:
    """What the agreements block of one pupil needs: may the reader add one, the form, which ones they may mark done."""
    row = item["row"]
    item["may_edit"] = may_edit
    item["agreement_form"] = form or AgreementForm(
        prefix=f"afspraak-{row.pk}", organisations=organisations, people=people
    )
    item["may_complete"] = {a.pk for a in item["agreements"] if a.pk in completable}
    return item


def _summary(items) -> dict:
    """The line at the top of the tafel page: how many pupils this reader sees, open and overdue agreements."""
    return {
        "visible_count": len(items),
        "open_agreements": sum(1 for item in items for a in item["agreements"] if a.done_on is None),
        "overdue_agreements": sum(len(item["overdue"]) for item in items),
    }


def _detail(request, tafel, *, status=200, **forms):
    allowed = allowed_actions(request.user, tafel, ["manage"])
    may_manage = "manage" in allowed and tafel.is_open
    items = selectors.table_view(request.user, tafel)
    organisations = selectors.taking_part(tafel)
    completable = selectors.completable_agreements(request.user, tafel)
    people = list(selectors.people_taking_part(tafel)) if may_manage else []
    for item in items:
        _decorate(item, organisations, may_manage, completable, forms.get(f"agreement_{item['row'].pk}"), people)
    _audit_rows(request, tafel, items, Action.READ)
    region_orgs = selectors.region_organisations(tafel.region)
    context = {
        "tafel": tafel,
        "items": items,
        **_summary(items),
        "participants": selectors.participants_of(tafel),
        "removed": list(selectors.rows_for(request.user, tafel, removed=True)) if "manage" in allowed else [],
        "may_manage": may_manage,
        "is_convener": "manage" in allowed,
        "next_statuses": next_statuses(tafel) if "manage" in allowed else [],
        "status_form": forms.get("status_form") or StatusForm(),
        "participant_form": forms.get("participant_form") or ParticipantForm(organisations=region_orgs),
        "details_form": forms.get("details_form")
        or DetailsForm(
            initial={
                "held_on": tafel.held_on,
                "starts_at": tafel.starts_at,
                "location": tafel.location,
                "version": tafel.version,
            }
        ),
        "search_form": SearchForm(),
        "today": timezone.localdate(),
        "nav": "tables",
    }
    return render(request, "tables/detail.html", context, status=status)


@login_required
def tafel_detail(request, pk: int):
    return _detail(request, _tafel(request, pk))


@login_required
@require_POST
def tafel_details(request, pk: int):
    tafel = _tafel(request, pk, "manage")
    form = DetailsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_details(
                request.user,
                tafel,
                services.TafelData(tafel.transition, data["held_on"], data["location"], data["starts_at"]),
                data.get("version") or 0,
                request=request,
            )
        except services.EditConflict:
            form.add_error(None, _("Someone changed the tafel meanwhile. Check the details and save again."))
            tafel.refresh_from_db()
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The details are saved."))
            return redirect(tafel)
    return _detail(request, tafel, status=400, details_form=form)


@login_required
@require_POST
def tafel_status(request, pk: int):
    tafel = _tafel(request, pk, "manage")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            change_status(
                request.user, tafel, form.cleaned_data["status"], note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(tafel)
    return _detail(request, tafel, status=400, status_form=form)


@login_required
@require_POST
def participant_add(request, pk: int):
    tafel = _tafel(request, pk, "manage")
    region_orgs = selectors.region_organisations(tafel.region)
    form = ParticipantForm(request.POST, organisations=region_orgs)
    if form.is_valid():
        organisation = region_orgs.get(pk=form.cleaned_data["organisation"])
        try:
            services.add_participant(request.user, tafel, organisation, form.cleaned_data["attendees"], request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(tafel)
    return _detail(request, tafel, status=400, participant_form=form)


@login_required
@require_POST
def participant_remove(request, pk: int):
    participant = Participant.objects.filter(pk=pk).select_related("tafel").first()
    tafel = _tafel(request, participant.tafel_id if participant else 0, "manage")
    try:
        services.remove_participant(request.user, participant, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(tafel)


@login_required
@require_POST
def tafel_propose(request, pk: int):
    tafel = _tafel(request, pk, "manage")
    try:
        added = services.propose(request.user, tafel, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("%(count)s pupils proposed from the open signals and caseloads.") % {"count": added}
        )
    return redirect(tafel)


@login_required
def pupil_search(request, pk: int):
    """Search among the pupils the convener may see (GET), and put one on the list (POST)."""
    tafel = _tafel(request, pk, "manage")
    if request.method == "POST":
        pupil = Pupil.objects.filter(pk=request.POST.get("pupil") or 0).first()
        if pupil is None:
            messages.error(request, _("Pupil: choose a pupil from the search results."))
            return redirect(tafel)
        try:
            services.add_pupil(request.user, tafel, pupil, request=request)
        except ValidationError as error:
            flash_errors(request, error)
        return redirect(f"{tafel.get_absolute_url()}#leerlingen")
    form = SearchForm(request.GET or None)
    results = []
    if form.is_valid():
        results = list(selectors.searchable_pupils(request.user, form.cleaned_data["q"]))
        record(
            request.user,
            Action.LIST,
            request=request,
            object_type="pupils.Pupil",
            object_repr=f"{len(results)} pupils found",
            detail={"ids": [p.pk for p in results], "tafel": tafel.pk},
        )
    template = "tables/partials/search_results.html" if request.htmx else "tables/search.html"
    return render(
        request,
        template,
        {"tafel": tafel, "form": form, "results": results, "searched": form.is_valid(), "nav": "tables"},
    )


def _row(request, pk, action="view"):
    return authorised_object(
        request,
        TablePupil.objects.select_related("tafel__convener", "tafel__region", "pupil", "proposed_to"),
        action,
        also=("view", "edit", "view_support"),
        pk=pk,
    )


def _item_of(request, row) -> dict:
    return next(i for i in selectors.table_view(request.user, row.tafel) if i["row"].pk == row.pk)


def _row_page(request, row, *, status=200, form=None):
    allowed = allowed_actions(request.user, row, ["edit", "view_support"])
    completable = selectors.completable_agreements(request.user, row.tafel)
    people = list(selectors.people_taking_part(row.tafel)) if "edit" in allowed else []
    item = _decorate(
        _item_of(request, row), selectors.taking_part(row.tafel), "edit" in allowed, completable, None, people
    )
    schools = selectors.region_organisations(row.tafel.region)
    form = form or RowForm(
        initial={
            "outcome": row.outcome,
            "next_step": row.next_step,
            "proposed_to": row.proposed_to_id or "",
            "support_note": row.support_note,
            "version": row.version,
        },
        schools=schools,
        support="view_support" in allowed,
    )
    record(
        request.user,
        Action.READ,
        row,
        pupil_id=row.pupil_id,
        request=request,
        detail={"fields": sorted(item["fields"])},
    )
    return render(
        request,
        "tables/row.html",
        {
            "row": row,
            "tafel": row.tafel,
            "item": item,
            "may_edit": "edit" in allowed,
            "form": form,
            "remove_form": RemoveForm(),
            "nav": "tables",
        },
        status=status,
    )


@login_required
def row_detail(request, pk: int):
    row = _row(request, pk)
    if request.method == "POST":
        row = _row(request, pk, "edit")
        allowed = allowed_actions(request.user, row, ["view_support"])
        schools = selectors.region_organisations(row.tafel.region)
        form = RowForm(request.POST, schools=schools, support="view_support" in allowed)
        if form.is_valid():
            data = form.cleaned_data
            proposed_to = schools.filter(pk=data["proposed_to"]).first() if data["proposed_to"] else None
            try:
                services.update_row(
                    request.user,
                    row,
                    services.RowData(data["outcome"], data["next_step"], proposed_to, data.get("support_note")),
                    data.get("version") or 0,
                    request=request,
                )
            except services.EditConflict:
                form.add_error(
                    None,
                    _(
                        "Someone saved this pupil meanwhile: their outcome is shown above. "
                        "Check it, adjust your text and save again."
                    ),
                )
                row.refresh_from_db()
                form.data = form.data.copy()
                form.data["version"] = row.version
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(row)
        return _row_page(request, row, status=400, form=form)
    return _row_page(request, row)


@login_required
@require_POST
def row_remove(request, pk: int):
    row = _row(request, pk)
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.remove_pupil(request.user, row, form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(pupil)s is off the list.") % {"pupil": row.pupil.full_name})
            return redirect(row.tafel)
    else:
        flash_errors(request, form.errors)
    return redirect(row)


def _agreements_fragment(request, row, *, form=None, status=200):
    items = selectors.table_view(request.user, row.tafel)
    item = next(i for i in items if i["row"].pk == row.pk)
    may_edit = "edit" in allowed_actions(request.user, row, ["edit"])
    completable = selectors.completable_agreements(request.user, row.tafel)
    people = list(selectors.people_taking_part(row.tafel)) if may_edit else []
    _decorate(item, selectors.taking_part(row.tafel), may_edit, completable, form, people)
    return render(
        request,
        "tables/partials/agreements.html",
        {"item": item, "tafel": row.tafel, "today": timezone.localdate(), "oob": True, **_summary(items)},
        status=status,
    )


@login_required
@require_POST
def agreement_add(request, pk: int):
    row = _row(request, pk, "edit")
    organisations = selectors.taking_part(row.tafel)
    people = list(selectors.people_taking_part(row.tafel))
    form = AgreementForm(request.POST, prefix=f"afspraak-{row.pk}", organisations=organisations, people=people)
    if form.is_valid():
        owner = next((o for o in organisations if str(o.pk) == form.cleaned_data["owner"]), None)
        person = next((m for m in people if str(m.pk) == form.cleaned_data["owner_person"]), None)
        try:
            services.add_agreement(
                request.user,
                row,
                what=form.cleaned_data["what"],
                owner=owner,
                owner_person=person,
                due_on=form.cleaned_data["due_on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.htmx:
                return _agreements_fragment(request, row)
            return redirect(f"{row.tafel.get_absolute_url()}#leerling-{row.pk}")
    if request.htmx:
        return _agreements_fragment(request, row, form=form, status=200)
    return _detail(request, row.tafel, status=400, **{f"agreement_{row.pk}": form})


@login_required
@require_POST
def agreement_done(request, pk: int):
    agreement = authorised_object(request, Agreement.objects.select_related("row__tafel"), "view", pk=pk)
    try:
        services.complete_agreement(request.user, agreement, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    if request.htmx:
        return _agreements_fragment(request, agreement.row)
    return redirect(agreement)


# --- Minutes and export -------------------------------------------------------------------------------------------


@login_required
def tafel_minutes(request, pk: int):
    tafel = _tafel(request, pk)
    items = selectors.table_view(request.user, tafel)
    _audit_rows(request, tafel, items, Action.EXPORT, format="pdf")
    pdf = minutes_pdf(tafel, items, list(selectors.participants_of(tafel)), reader=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="overstaptafel-{tafel.pk}-verslag.pdf"'
    return response


def _export_rows(items):
    header = [
        _("Pupil"),
        _("Date of birth"),
        _("School"),
        _("Proposed to"),
        _("Signals"),
        _("Outcome"),
        _("Next step"),
        _("Open agreements"),
    ]
    rows = []
    for item in items:
        row = item["row"]
        rows.append(
            [
                row.pupil.full_name,
                row.pupil.birth_date,
                str(item["school"] or ""),
                str(row.proposed_to or ""),
                ", ".join(str(s.get_kind_display()) for s in item["signals"]),
                row.outcome,
                row.next_step,
                "; ".join(f"{a.what} ({a.owner}, {a.due_on:%d-%m-%Y})" for a in item["agreements"] if not a.done_on),
            ]
        )
    return header, rows


@login_required
def tafel_export(request, pk: int, fmt: str):
    tafel = _tafel(request, pk)
    items = selectors.table_view(request.user, tafel)
    _audit_rows(request, tafel, items, Action.EXPORT, format=fmt)
    header, rows = _export_rows(items)
    name = f"overstaptafel-{tafel.pk}-{tafel.held_on:%Y-%m-%d}"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", _("Pupils"), header, rows)
    return csv_response(f"{name}.csv", header, rows)
