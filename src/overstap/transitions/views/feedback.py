"""Feedback from the receiving school on a handover and on how the pupil is doing, and the overview per
sending school."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record, record_form_shown
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors

from ..feedback import give_feedback, not_yet_possible
from ..forms import FeedbackForm
from ..models import Feedback, Moment, TransitionCase, Wellbeing

FOLLOW_UPS = (Moment.FIRST_WEEKS, Moment.ONE_YEAR)


@login_required
def feedback_new(request, pk: int, moment: str):
    if moment not in Moment.values:
        raise Http404
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation"), "feedback", pk=pk
    )
    form = FeedbackForm(request.POST or None, moment=moment)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                give_feedback(request.user, case, moment, **form.cleaned_data, request=request)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, gettext("Thank you. The sending school can read your feedback now."))
                return redirect("transitions:detail", pk=case.pk)
        status = 400
    record_form_shown(request, case.pupil, "feedback-new")
    return render(
        request,
        "transitions/feedback_form.html",
        {
            "case": case,
            "moment": Moment(moment),
            "form": form,
            # Said before anyone fills anything in: given already, too early, or not yet started.
            "blocked": list(not_yet_possible(case, moment).values()),
        },
        status=status,
    )


@login_required
def feedback_overview(request):
    """Per sending school: how the receiving schools rate its handovers and how its former pupils are doing."""
    visible = Feedback.objects.for_user(request.user, "list")
    handover = Q(moment=Moment.HANDOVER)
    follow_up = Q(moment__in=FOLLOW_UPS)
    # One grouped query for all schools; shares and rounding are done on the few result rows.
    rows = list(
        visible.values("case__from_organisation_id", "case__from_organisation__name")
        .annotate(
            rated=Count("case", filter=handover, distinct=True),
            complete=Avg("complete", filter=handover),
            useful=Avg("useful", filter=handover),
            on_time=Avg("on_time", filter=handover),
            follow_ups=Count("pk", filter=follow_up),
            worrying=Count("pk", filter=follow_up & Q(wellbeing__in=[Wellbeing.WORRYING, Wellbeing.LEFT])),
        )
        .order_by("case__from_organisation__name")
    )
    for row in rows:
        row["worrying_share"] = round(100 * row["worrying"] / row["follow_ups"]) if row["follow_ups"] else None
    comments = list(
        visible.exclude(comment="")
        .select_related("case__from_organisation", "organisation")
        .order_by("-created_at", "-pk")[:10]
    )
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="transitions.Feedback",
        object_repr=f"feedback of {len(rows)} schools",
        detail={"schools": [row["case__from_organisation_id"] for row in rows], "comments": [f.pk for f in comments]},
    )
    return render(request, "transitions/feedback_overview.html", {"rows": rows, "comments": comments})
