"""Pages of the transition matrix. Public reference information: no personal data, no log-in needed."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .labels import LEGAL_BASES
from .loader import get_matrix

# Where each block and arrow sits in the drawn matrix: grid column, then the row or (first row, row after the last).
# Columns 1, 3, 5 and 7 are the age bands, 2, 4 and 6 the gaps between them. The DOM order follows this list, so
# reading and tabbing go column by column.
LAYOUT = [
    ("band", "0-4", 1),
    ("stage", "VOORSCHOOL", 1, 2),
    ("arrows", [("VVE-PO", "right")], 2, 2),
    ("band", "4-12", 3),
    ("stage", "BAO", 3, 2),
    ("arrows", [("PO-PO", "loop"), ("PO-SBO", "down")], 3, 3),
    ("stage", "SBO", 3, 4),
    ("arrows", [("PO-SO", "down")], 3, 5),
    ("stage", "SO", 3, 6),
    ("arrows", [("PO-VO", "right")], 4, (2, 7)),
    ("band", "12-18", 5),
    ("stage", "VO", 5, 2),
    ("arrows", [("VO-VO", "loop"), ("VO-PRO", "down")], 5, 3),
    ("stage", "PRO", 5, 4),
    ("arrows", [("VO-VSO", "down")], 5, 5),
    ("stage", "VSO", 5, 6),
    ("arrows", [("VO-MBO", "right")], 6, (2, 7)),
    ("band", "16-23", 7),
    ("stage", "MBO", 7, 2),
    ("arrows", [("MBO-MBO", "loop"), ("MBO-HBO", "down")], 7, 3),
    ("stage", "HBO", 7, 4),
    ("arrows", [("EXIT-WORK", "down")], 7, 5),
    ("stage", "WERK", 7, 6),
]


def _cells(matrix):
    cells = []
    for entry in LAYOUT:
        kind, what, column = entry[0], entry[1], entry[2]
        if kind == "band":
            cells.append({"kind": kind, "code": what, "obj": matrix.band(what), "column": column, "row": "1"})
            continue
        rows = entry[3]
        row = f"{rows[0]}-{rows[1]}" if isinstance(rows, tuple) else str(rows)
        place = {"kind": kind, "column": column, "row": row, "span": isinstance(rows, tuple)}
        if kind == "stage":
            cells.append({**place, "code": what, "obj": matrix.stage(what)})
        else:
            arrows = [
                {"code": code, "obj": matrix.transition(code), "direction": direction} for code, direction in what
            ]
            cells.append({**place, "arrows": arrows})
    return cells


def _lookup(matrix, code: str):
    for kind, getter in (("transition", matrix.transition), ("stage", matrix.stage), ("band", matrix.band)):
        obj = getter(code)
        if obj is not None:
            return kind, obj
    return None, None


def _render(request, context, *, status=200):
    matrix = get_matrix()
    # Only the guidance panel when htmx asks for it; a full page for everything else (also a history restore).
    partial = bool(request.htmx) and request.htmx.target == "begeleiding" and not request.htmx.history_restore_request
    template = "matrix/_panel.html" if partial else "matrix/index.html"
    context = {
        "matrix": matrix,
        "cells": _cells(matrix),
        "nav": "matrix",
        **context,
    }
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def index(request):
    return _render(request, {"selected_kind": None, "selected": None, "selected_code": ""})


def detail(request, code: str):
    matrix = get_matrix()
    kind, obj = _lookup(matrix, code)
    if obj is None:
        # Codes are written in capitals; be forgiving about how someone typed the address.
        kind, obj = _lookup(matrix, code.upper())
    if obj is None:
        response = render(
            request,
            "404.html",
            {
                "not_found_hint": _("There is no transition, stage or age band with the code “%(code)s”.")
                % {"code": code},
                "back_url": reverse("matrix:index"),
                "back_label": _("Back to the transition matrix"),
                "nav": "matrix",
            },
            status=404,
        )
        return response
    title = obj.label if kind == "band" else obj.name
    context = {"selected_kind": kind, "selected": obj, "selected_code": obj.code, "selected_title": title}
    if kind == "transition":
        context["legal_bases"] = sorted({item.legal_basis for item in obj.items}, key=list(LEGAL_BASES).index)
    if kind == "transition":
        context["legal_bases"] = sorted({item.legal_basis for item in obj.items}, key=list(LEGAL_BASES).index)
    if kind == "stage":
        context["transitions_here"] = matrix.transitions_touching(obj.code)
    return _render(request, context)


def glossary(request):
    matrix = get_matrix()
    return render(request, "matrix/glossary.html", {"matrix": matrix, "terms": matrix.terms, "nav": "glossary"})
