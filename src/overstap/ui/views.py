from django.shortcuts import render

from overstap.matrix.loader import get_matrix

QUICK_TRANSITIONS = ("PO-VO", "VO-MBO", "VVE-PO", "PO-SBO")


def home(request):
    matrix = get_matrix()
    quick = [matrix.transition(code) for code in QUICK_TRANSITIONS]
    return render(request, "ui/home.html", {"quick_transitions": quick})
