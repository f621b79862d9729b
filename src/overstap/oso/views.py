"""OSO dossiers in and out: importing one (upload, the preview of what goes where, confirm; writes go through
``services``), and the OSO dossier of a sent handover as a download from the handover page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors
from overstap.organisations.models import Organisation
from overstap.transitions.handover import sent_handover
from overstap.transitions.models import TransitionCase

from . import services
from .export import ExportRefused, export_handover
from .forms import OsoUploadForm
from .models import OsoImport, OsoStatus


def _own_school(request):
    membership = getattr(request.user, "acting_membership", None)
    if membership is None:
        raise Http404
    return authorised_object(request, Organisation.objects.all(), "import_oso", pk=membership.organisation_id)


@login_required
def import_start(request):
    school = _own_school(request)
    posted = request.method == "POST"
    form = OsoUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted:
        if form.is_valid():
            try:
                oso_import = services.upload(request.user, school, form.cleaned_data["file"], request=request)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                return redirect("oso:import", pk=oso_import.pk)
        else:
            status = 400
    earlier = OsoImport.objects.for_user(request.user, "list").filter(organisation=school)[:10]
    return render(request, "oso/start.html", {"form": form, "school": school, "imports": earlier}, status=status)


@login_required
def import_detail(request, pk: int):
    oso_import = authorised_object(request, OsoImport.objects.select_related("organisation"), "view", pk=pk)
    # The preview names the pupil and the blocks of the file: a read of what the file holds.
    record(request.user, Action.READ, oso_import, request=request, detail={"oso_report": True})
    report = oso_import.report or {}
    return render(
        request,
        "oso/detail.html",
        {
            "oso_import": oso_import,
            "report": report,
            "open": oso_import.status == OsoStatus.UPLOADED,
            "mapped": [line for line in report.get("lines", []) if line["outcome"] != "skipped"],
            "skipped": [line for line in report.get("lines", []) if line["outcome"] == "skipped"],
        },
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    oso_import = authorised_object(request, OsoImport.objects.all(), "change", pk=pk)
    try:
        services.confirm(request.user, oso_import, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The OSO dossier is imported."))
    return redirect("oso:import", pk=oso_import.pk)


@login_required
@require_POST
def import_cancel(request, pk: int):
    oso_import = authorised_object(request, OsoImport.objects.all(), "change", pk=pk)
    try:
        services.cancel(request.user, oso_import, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The import is cancelled and the uploaded file removed."))
    return redirect("oso:import-start")


@login_required
def handover_export(request, pk: int):
    case = authorised_object(
        request,
        TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"),
        "oso_export",
        pk=pk,
    )
    handover = sent_handover(case)
    if handover is None:
        raise Http404
    try:
        export = export_handover(request.user, handover, request=request)
    except ExportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("transitions:handover", pk=case.pk)
    response = HttpResponse(export.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response
