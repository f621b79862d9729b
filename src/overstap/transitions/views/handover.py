"""The cold handover: choosing what goes, reading it (preview, inspection copy, what was sent), and the
parents' inspection and view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import allowed_actions, can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.core import panels
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.matrix.loader import get_matrix
from overstap.pupils.scopes import speaks_to_pupil

from .. import carry_on
from .. import handover as handover_service
from ..forms import FamilyInzageForm, InzageForm, PupilInzageForm
from ..models import TransitionCase
from ..workflow import open_handover

VIEWS = Category.ZIENSWIJZE.value


@login_required
def handover_categories(request, pk: int):
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "to_organisation"), "change", pk=pk
    )
    handover = handover_service.handover_or_blank(case)
    if handover is None:
        messages.error(request, gettext("Categories: first choose the receiving school."))
        return redirect("transitions:detail", pk=case.pk)
    offers = handover_service.offers(case)
    chosen = set(handover.categories)
    errors = []
    if request.method == "POST":
        chosen = set(request.POST.getlist("categories"))
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            handover_service.choose_categories(
                request.user, case, list(chosen), expected_version=version, request=request
            )
        except ValidationError as error:
            errors = [message for messages_ in error.message_dict.values() for message in messages_]
            handover = handover_service.handover_or_blank(case)
        else:
            messages.success(request, gettext("The selection is saved."))
            return redirect("transitions:detail", pk=case.pk)
    record(request.user, Action.READ, case, request=request, detail={"page": "categories"})
    # One group per rule of the legal-basis engine, so each explanation is read once.
    groups: dict[str, dict] = {}
    for offer in offers:
        group = groups.setdefault(offer.decision.rule_key or "verboden", {"decision": offer.decision, "offers": []})
        group["offers"].append(offer)
    # What the matrix lists for this transition (and applies to this pupil) is marked, as a hint, not a default.
    not_applying = set(case.checklist.filter(applies=False).values_list("key", flat=True))
    suggested = {item.category for item in get_matrix().transition(case.code).items if item.key not in not_applying}
    return render(
        request,
        "transitions/handover_categories.html",
        {
            "case": case,
            "handover": handover,
            "groups": list(groups.values()),
            "suggested": suggested,
            "chosen": chosen,
            "errors": errors,
            "editable": case.status in handover_service.SELECTION_OPEN,
        },
    )


@login_required
def handover_read(request, pk: int):
    """The handover itself: for the sender a preview, for the family the inspection copy (where they add their
    view), for the receiver what was sent. The receiver's first read records receipt and opening."""
    case = authorised_object(
        request,
        TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"),
        "read_handover",
        pk=pk,
    )
    if case.to_organisation_id is None:
        raise Http404
    user = request.user
    actor = actor_for(user)
    receiver = actor.organisation is not None and actor.organisation.pk == case.to_organisation_id
    if receiver and can(user, "receive", case):
        open_handover(user, case, request=request)
        case.refresh_from_db()
    may_give_view = can(user, "give_view", case)
    handover, content, frozen = handover_service.content_for(case, user)
    to_pupil = actor.membership is None and speaks_to_pupil(user, case.pupil)
    form = None
    if may_give_view:
        # Opening the page is not "having read it": the family says so itself, with its answer and view.
        form = style_form(
            (PupilInzageForm if to_pupil else FamilyInzageForm)(
                request.POST or None,
                initial={
                    "read": handover.inzage_by_family,
                    "verdict": handover.family_verdict or None,
                    "text": handover.family_view,
                },
            )
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                handover_service.confirm_inzage(
                    user, case, verdict=form.cleaned_data["verdict"], text=form.cleaned_data["text"], request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext("Thanks! Your school now sees that you read it. Your answer goes with the report.")
                    if to_pupil
                    else gettext("Thank you. The school sees that you read it; your answer goes with the report."),
                )
                return redirect("transitions:handover", pk=case.pk)
    withheld = handover_service.withheld(content)
    record(
        user,
        Action.READ,
        case,
        request=request,
        legal_basis=handover_service.read_basis(content, frozen),
        detail={
            "handover": handover.pk,
            "categories": handover_service.shown(content),
            "sent": frozen,
            # Consent withdrawn after sending: the reader saw that, not the content.
            **({"withheld": withheld} if withheld else {}),
        },
    )
    return render(
        request,
        "transitions/handover.html",
        {
            "case": case,
            "handover": handover,
            "content": content,
            "frozen": frozen,
            "withheld": withheld,
            "form": form,
            "is_family": actor.membership is None,
            "to_pupil": to_pupil,
            # The family's say is one section: their answer on this report and the views kept in the dossier.
            "views_section": next((s for s in content["sections"] if s["category"] == VIEWS), None),
            # The receiving school starts its own OPP or plan of approach from the one it received.
            "may_carry_on": frozen and carry_on.may_carry_on(user, case),
            # What other apps offer to do with the handover (see core/panels.py).
            "panels": panels.render_panels(
                request,
                case,
                allowed_actions(user, case, panels.actions_of(panels.panels(panels.HANDOVER_PAGE))),
                panels.panels(panels.HANDOVER_PAGE),
            ),
        },
    )


@login_required
@require_POST
def handover_inzage(request, pk: int):
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=pk)
    form = style_form(InzageForm(request.POST))  # so each message names its field
    if form.is_valid():
        try:
            handover_service.record_inzage(
                request.user,
                case,
                form.cleaned_data["inzage_on"],
                by_name=form.cleaned_data["by_name"],
                verdict=form.cleaned_data["verdict"],
                request=request,
            )
        except ValidationError as error:
            flash_errors(request, error)
    else:
        flash_errors(request, form.errors)
    return redirect("transitions:detail", pk=case.pk)


@login_required
@require_POST
def handover_no_view(request, pk: int):
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=pk)
    try:
        handover_service.waive_family_view(request.user, case, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("transitions:detail", pk=case.pk)
