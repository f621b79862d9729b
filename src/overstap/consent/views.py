"""Consent for the family, and breaking confidentiality with its review by the privacy officer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core import panels
from overstap.core.forms import flash_errors
from overstap.pupils.models import Pupil
from overstap.pupils.scopes import speaks_to_pupil

from .models import BreakGlass, Consent
from .services import (
    MIN_REASON_LENGTH,
    break_glass,
    decides_consent,
    may_withdraw,
    review_break_glass,
    withdraw_consent,
)


@login_required
@require_GET
def consents(request, pk: int):
    """The consents for a pupil. The family gives consent where it is asked, in the context of a move (the
    questions come from the apps that ask them, through the consent-page slot); here they see those questions, what
    they gave, and withdraw it. The school sees the same list. Never leerplicht/RMC (a consent for youth care is
    itself support data)."""
    pupil = authorised_object(request, Pupil.objects.all(), "view_dossier", pk=pk)
    actor = actor_for(request.user)
    is_family = actor.membership is None
    listed = list(Consent.objects.for_user(request.user, "list").filter(pupil=pupil).select_related("recipient"))
    record(
        request.user,
        Action.READ,
        pupil,
        request=request,
        detail={"consents": True, "shown": {"consent.Consent": [c.pk for c in listed]}},
    )
    return render(
        request,
        "consent/consents.html",
        {
            "pupil": pupil,
            "consents": listed,
            "may_withdraw": {c.pk for c in listed if c.withdrawn_at is None and may_withdraw(request.user, c)}
            if is_family
            else set(),
            "is_family": is_family,
            "to_pupil": is_family and speaks_to_pupil(request.user, pupil),
            "decider": decides_consent(pupil, timezone.localdate()),
            "may_break_glass": can(request.user, "break_glass", pupil),
            "panels": panels.render_panels(request, pupil, set(), panels.panels(panels.CONSENT_PAGE)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    """GET: the shared confirmation page; POST (from it): the consent is withdrawn."""
    consent = authorised_object(request, Consent.objects.select_related("pupil", "recipient"), "view", pk=pk)
    if request.method == "GET":
        if not may_withdraw(request.user, consent):
            raise Http404  # only the one who decides on consent is asked to confirm
        if consent.withdrawn_at:
            messages.info(request, _("This consent is withdrawn already."))
            return redirect("consent:consents", pk=consent.pupil_id)
        record(
            request.user,
            Action.READ,
            consent,
            pupil_id=consent.pupil_id,
            request=request,
            legal_basis=f"toestemming:{consent.pk}",
            detail={"page": "confirm"},
        )
        confirm = {
            "kicker": consent.pupil.full_name,
            "title": _("Withdraw this consent?"),
            "facts": [
                (_("Pupil"), consent.pupil.full_name),
                (_("Information"), consent.get_category_display()),
                (_("Organisation"), str(consent.recipient)),
                (_("Given"), f"{consent.given_by_name}, {date_format(timezone.localtime(consent.given_at), 'j F Y')}"),
            ],
            "consequence": _(
                "From now on this organisation no longer gets this information on the basis of your consent. In a "
                "handover it already received, it then reads that the consent was withdrawn, not the information. "
                "To share it again, give consent anew."
            ),
            "action": reverse("consent:withdraw", args=[consent.pk]),
            "fields": [],
            "button": _("Withdraw the consent"),
            "cancel": reverse("consent:consents", args=[consent.pupil_id]),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    try:
        withdraw_consent(request.user, consent, request=request)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The consent is withdrawn. It applies from now on."))
    return redirect("consent:consents", pk=consent.pupil_id)


@login_required
@require_POST
def break_glass_view(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "break_glass", pk=pk)
    try:
        break_glass(
            request.user, request.user.acting_membership, pupil, request.POST.get("reason", ""), request=request
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.warning(request, _("Recorded. The privacy officer of your organisation will review this."))
    return redirect("consent:consents", pk=pupil.pk)


@login_required
def review_list(request):
    events = BreakGlass.objects.for_user(request.user, "review").select_related("pupil", "user")
    if actor_for(request.user).role != "privacy":
        from django.http import Http404

        raise Http404
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="consent.BreakGlass",
        object_repr=f"{len(events)} events",
        detail={"ids": [e.pk for e in events], "pupil_ids": sorted({e.pupil_id for e in events})},
    )
    return render(request, "consent/review.html", {"events": events, "min_reason": MIN_REASON_LENGTH})


@login_required
@require_POST
def review_done(request, pk: int):
    event = authorised_object(request, BreakGlass.objects.all(), "review", pk=pk)
    try:
        review_break_glass(request.user, event, request=request)
    except ValidationError as error:  # a colleague was just ahead: nothing went wrong, so not an error
        flash_errors(request, error, level=messages.INFO)
    return redirect("consent:review")
