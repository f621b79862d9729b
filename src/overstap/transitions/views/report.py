"""The handover report as a PDF."""

from django.http import Http404, HttpResponse

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object

from ..handover import content_for, read_basis, shown, withheld
from ..models import Status, TransitionCase
from ..report import handover_report
from ..workflow import open_handover


@login_required
def report_pdf(request, pk: int):
    """The handover report as a PDF: for the sender (also as a preview), the receiver and the family."""
    case = authorised_object(
        request,
        TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"),
        "read_handover",
        pk=pk,
    )
    if case.to_organisation_id is None:  # no receiving organisation yet, so nothing to hand over
        raise Http404
    # Printing is reading, as on the handover page: the receiving school's first read records receipt and opening.
    # For the family it is only a read: they say themselves, on the page, that they read it.
    if case.status in (Status.VERZONDEN, Status.ONTVANGEN) and can(request.user, "receive", case):
        open_handover(request.user, case, request=request)
    _handover, content, frozen = content_for(case, request.user)
    pdf = handover_report(case, content, preview=not frozen)
    record(
        request.user,
        Action.EXPORT,
        case,
        request=request,
        legal_basis=read_basis(content, frozen),
        detail={
            "report": "handover",
            "categories": shown(content),
            "frozen": frozen,
            # Consent withdrawn after sending: the PDF says so instead of printing the content.
            **({"withheld": hidden} if (hidden := withheld(content)) else {}),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # No name of the pupil in the file name: it ends up in download folders and logs.
    response["Content-Disposition"] = f'inline; filename="overdracht-{case.code}-{case.pk}.pdf"'
    return response
