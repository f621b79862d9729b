"""Importing a pupil list from the school's administration system: upload, map the columns, check every row,
import. Each step writes through ``imports``; the pages only read and show."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors
from overstap.organisations.models import Organisation

from . import imports
from .forms import ImportMappingForm, ImportUploadForm
from .models import ImportStatus, PupilImport
from .selectors import imports_for


def _own_school(request):
    membership = getattr(request.user, "acting_membership", None)
    if membership is None:
        raise Http404
    return authorised_object(request, Organisation.objects.all(), "add_pupil", pk=membership.organisation_id)


@login_required
def import_start(request):
    school = _own_school(request)
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pupil_import = imports.upload(request.user, school, form.cleaned_data["file"], request=request)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                return redirect("pupils:import", pk=pupil_import.pk)
        else:
            status = 400
    return render(
        request,
        "pupils/imports/start.html",
        {"form": form, "school": school, "imports": imports_for(request.user, school), "fields": imports.FIELDS},
        status=status,
    )


@login_required
def import_detail(request, pk: int):
    pupil_import = authorised_object(request, PupilImport.objects.select_related("organisation"), "view", pk=pk)
    open_ = pupil_import.status in (ImportStatus.UPLOADED, ImportStatus.CHECKED)
    initial = {**pupil_import.mapping, "mode": "geldig" if pupil_import.valid_only else "alles"}
    form = ImportMappingForm(request.POST or None, headers=pupil_import.headers, fields=imports.FIELDS, initial=initial)
    status = 200
    if request.method == "POST":
        if not open_:
            raise Http404
        if form.is_valid():
            mapping = {f.key: form.cleaned_data.get(f.key, "") for f in imports.FIELDS}
            try:
                imports.check(
                    request.user,
                    pupil_import,
                    mapping,
                    valid_only=form.cleaned_data["mode"] == "geldig",
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                return redirect("pupils:import", pk=pupil_import.pk)
        else:
            status = 400
    report = pupil_import.report or {}
    if report.get("problems") or report.get("notes"):
        # The report names rows and columns, and may quote a cell: a read of what the list holds.
        record(request.user, Action.READ, pupil_import, request=request, detail={"import_report": True})
    return render(
        request,
        "pupils/imports/detail.html",
        {
            "pupil_import": pupil_import,
            "form": form if open_ else None,
            "report": report,
            "may_run": pupil_import.status == ImportStatus.CHECKED
            and not (report.get("invalid") and not pupil_import.valid_only)
            and report.get("valid"),
            "open": open_,
        },
        status=status,
    )


@login_required
@require_POST
def import_run(request, pk: int):
    pupil_import = authorised_object(request, PupilImport.objects.select_related("organisation"), "change", pk=pk)
    try:
        done = imports.run(request.user, pupil_import, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if done.status == ImportStatus.IMPORTED:
            messages.success(request, _("The pupil list is imported."))
        else:
            messages.error(request, _("Nothing was imported: a row has a problem. See the report."))
    return redirect("pupils:import", pk=pupil_import.pk)


@login_required
@require_POST
def import_cancel(request, pk: int):
    pupil_import = authorised_object(request, PupilImport.objects.all(), "change", pk=pk)
    try:
        imports.cancel(request.user, pupil_import, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The import is cancelled and the uploaded list removed."))
    return redirect("pupils:import-start")
