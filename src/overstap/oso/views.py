"""The OSO dossier of a sent handover, as a download from the handover page."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object
from overstap.transitions.handover import sent_handover
from overstap.transitions.models import TransitionCase

from .export import ExportRefused, export_handover


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
