from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, style_form

from .feedback import give_feedback, not_yet_possible
from .models import Feedback, Moment, TransitionCase, Wellbeing

MARKS = [(number, str(number)) for number in range(1, 6)]
FOLLOW_UPS = (Moment.FIRST_WEEKS, Moment.ONE_YEAR)


def _mark(label, help_text, message):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=MARKS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class FeedbackForm(forms.Form):
    complete = _mark(
        _("Complete"),
        _("1 is poor, 5 is very good. Was everything there that you needed?"),
        _("Complete: give a mark from 1 to 5."),
    )
    useful = _mark(
        _("Useful"),
        _("1 is poor, 5 is very good. Could you use it to support the pupil from the first day?"),
        _("Useful: give a mark from 1 to 5."),
    )
    on_time = _mark(
        _("On time"),
        _("1 is poor, 5 is very good. Did it arrive in time to prepare?"),
        _("On time: give a mark from 1 to 5."),
    )
    wellbeing = forms.ChoiceField(
        label=_("How is the pupil doing?"),
        choices=Wellbeing.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("How the pupil is doing: choose one of the answers."),
            "invalid_choice": _("How the pupil is doing: choose one of the answers."),
        },
    )
    comment = forms.CharField(
        label=_("Comment for the sending school"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What helped, what was missing, what would you like next time?"),
    )

    def __init__(self, *args, moment: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what fits the moment: marks for the handover itself, how the pupil is doing afterwards.
        unused = ("wellbeing",) if moment == Moment.HANDOVER else ("complete", "useful", "on_time")
        for name in unused:
            del self.fields[name]
        style_form(self)

    @property
    def marks(self):
        return [self[name] for name in ("complete", "useful", "on_time") if name in self.fields]


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
