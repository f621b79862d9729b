"""Importing an OSO dossier: upload, the preview of what goes where, confirm. Writes go through ``services``."""

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

from . import services
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
