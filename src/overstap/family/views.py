"""The family's home: per child what is happening now and, first, what the family is asked to do and by when."""

import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core import panels
from overstap.pupils.models import Pupil
from overstap.pupils.scopes import speaks_to_pupil

from . import download as dossier_download
from . import selectors
from .download_pdf import dossier_pdf
from .labels import DOWNLOAD

PUPIL = "pupils.Pupil"
# The actions the home itself asks about each child (the panels add their own).
HOME_ACTIONS = ("view_audit", "download_dossier")


def home(request):
    """What a parent, carer or the pupil sees at "/" (ui.home hands over to this view). Each child has a section
    with their name, age and school and the panels of the apps in the family-child slot (core/panels.py); their
    "asks" are gathered at the top, sorted by date."""
    children = selectors.children_of(request.user)
    registered = panels.panels(panels.FAMILY_CHILD)
    allowed = selectors.allowed_on_children(request.user, children, [*HOME_ACTIONS, *panels.actions_of(registered)])
    sections, asks = [], []
    ids: dict[str, list] = {PUPIL: [child.pupil.pk for child in children]}
    for child in children:
        child.pupil.reader_is_pupil = child.is_self
        shown = panels.render_panels(request, child.pupil, allowed[child.pupil.pk], registered)
        for _template, context in shown:
            asks.extend({**ask, "child": child} for ask in context.get("asks", ()))
            for label, pks in context.get("audit_ids", {}).items():
                ids.setdefault(label, []).extend(pk for pk in pks if pk not in ids.get(label, []))
        sections.append(
            {
                "child": child,
                "panels": shown,
                "may_see_audit": "view_audit" in allowed[child.pupil.pk],
                "may_download": "download_dossier" in allowed[child.pupil.pk],
            }
        )
    asks.sort(key=lambda ask: (ask["due"] is None, ask["due"] or datetime.date.max, ask["child"].name))
    if any(ids.values()):
        record(
            request.user,
            Action.LIST,
            request=request,
            object_type="family.home",
            object_repr="family home",
            detail={"shown": {label: pks for label, pks in ids.items() if pks}},
        )
    return render(
        request,
        "family/home.html",
        {
            "sections": sections,
            "asks": asks,
            # "je" when every child on the page is the reader themself, else "u".
            "is_pupil": bool(children) and all(child.is_self for child in children),
        },
    )


# --- The download of the whole dossier (AVG art. 15 and 20) -----------------------------------------------------


def _downloadable(request, pk: int):
    """The child whose dossier the reader downloads, or 404 for anyone else (see ``family/rules.py``)."""
    return authorised_object(request, Pupil.objects.select_related("municipality"), "download_dossier", pk=pk)


@login_required
def download(request, pk: int):
    """What the download holds, that it is personal, and the two formats."""
    pupil = _downloadable(request, pk)
    record(request.user, Action.READ, pupil, request=request, detail={"page": "download"})
    is_pupil = speaks_to_pupil(request.user, pupil)
    return render(
        request,
        "family/download.html",
        {"pupil": pupil, "is_pupil": is_pupil, "name": pupil.preferred_name or pupil.given_names.split()[0]},
    )


def _record_download(request, pupil, document: dict, file_format: str) -> int:
    """The download in the audit trail, with the format and how many items of each part it holds. It is recorded
    before the file is made, so the file's own access history ends with it."""
    history = dossier_download.history_events(request.user, pupil).count() + 1
    record(
        request.user,
        Action.DOWNLOAD,
        pupil_id=pupil.pk,
        request=request,
        object_type=DOWNLOAD,
        object_repr=pupil.full_name,
        detail={
            "format": file_format,
            "schema_version": dossier_download.SCHEMA_VERSION,
            "counts": dossier_download.counts(document, history),
            "ids": dossier_download.ids(document),
        },
    )
    return history


def _file_name(pupil, extension: str) -> str:
    # No name of the child in the file name: it ends up in download folders and logs.
    return f"overstap-dossier-{pupil.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
def download_json(request, pk: int):
    """The machine-readable copy (AVG art. 20): the parts, then the access history streamed a chunk at a time."""
    pupil = _downloadable(request, pk)
    document = dossier_download.dossier_of(request.user, pupil)
    _record_download(request, pupil, document, "json")
    history = dossier_download.access_history(request.user, pupil)
    response = StreamingHttpResponse(
        dossier_download.json_chunks(document, history), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(pupil, "json")}"'
    return response


@login_required
def download_pdf(request, pk: int):
    """The readable copy (AVG art. 15), with the same content as the JSON."""
    pupil = _downloadable(request, pk)
    document = dossier_download.dossier_of(request.user, pupil)
    _record_download(request, pupil, document, "pdf")
    pdf = dossier_pdf(
        document,
        dossier_download.access_history(request.user, pupil),
        to_pupil=speaks_to_pupil(request.user, pupil),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(pupil, "pdf")}"'
    return response
