"""The application manager (functioneel beheerder): people, roles and details of their own organisation.

No dossier content is reachable from here. Every change goes through accounts.services, audited in the same
transaction.
"""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object, refuse
from overstap.core.forms import apply_errors, flash_errors
from overstap.organisations.models import Organisation

from .decorators import login_required
from .forms import NewMemberForm, OrganisationDetailsForm
from .models import Membership, User
from .services import (
    StaleDetails,
    add_member,
    end_membership,
    reset_access,
    set_password_from_link,
    update_organisation_details,
)


def _managed_organisation(request) -> Organisation:
    membership = getattr(request.user, "acting_membership", None)
    organisation = membership.organisation if membership else None
    if organisation is None or not can(request.user, "manage", organisation):
        refuse(request, organisation, "manage")
    return organisation


def activation_link(request, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("accounts:activate", args=[uid, token]))


@login_required
def members(request):
    organisation = _managed_organisation(request)
    today = timezone.localdate()
    current = (
        Membership.objects.for_user(request.user, "manage")
        .filter(organisation=organisation)
        .exclude(end_date__lt=today)
        .select_related("user")
        .order_by("user__last_name", "role")
    )
    record(request.user, Action.LIST, organisation, request=request, detail={"members": len(current)})
    return render(request, "accounts/manage/members.html", {"organisation": organisation, "members": current})


@login_required
@sensitive_post_parameters()
def member_add(request):
    organisation = _managed_organisation(request)
    form = NewMemberForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            user = add_member(request.user, organisation, **form.cleaned_data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(
                request,
                "accounts/manage/activation.html",
                {"organisation": organisation, "member": user, "link": activation_link(request, user), "new": True},
            )
    return render(request, "accounts/manage/member_add.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request, pk: int):
    """GET: the shared confirmation page; POST (from it): the role ends."""
    organisation = _managed_organisation(request)
    membership = authorised_object(request, Membership.objects.select_related("user"), "manage", pk=pk)
    if request.method == "GET":
        record(request.user, Action.READ, membership, request=request, detail={"page": "confirm"})
        confirm = {
            "kicker": str(organisation),
            "title": _("End the role of %(name)s?") % {"name": membership.user},
            "facts": [
                (_("Name"), str(membership.user)),
                (_("Role"), membership.get_role_display()),
                (_("Organisation"), str(organisation)),
            ],
            "consequence": _(
                "From now on they can no longer work for this organisation in Overstap. What they wrote stays. "
                "To let them work here again, add them anew."
            ),
            "action": reverse("beheer:member-end", args=[membership.pk]),
            "fields": [],
            "button": _("End the role"),
            "cancel": reverse("beheer:members"),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    try:
        end_membership(request.user, membership, request=request)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("beheer:members")
    # Ended by a colleague a moment ago or by this request: either way the role has ended.
    messages.success(
        request,
        _("The role of %(name)s at %(organisation)s has ended.")
        % {"name": membership.user, "organisation": organisation},
    )
    return redirect("beheer:members")


@login_required
@require_http_methods(["GET", "POST"])
def member_reset(request, pk: int):
    """Lost phone or forgotten password: a new activation link; the old password and app stop working.
    GET: the shared confirmation page; POST (from it): the new access."""
    organisation = _managed_organisation(request)
    membership = authorised_object(request, Membership.objects.select_related("user"), "manage", pk=pk)
    if membership.user_id == request.user.pk:
        refuse(request, membership, "manage")
    if request.method == "GET":
        record(request.user, Action.READ, membership, request=request, detail={"page": "confirm"})
        confirm = {
            "kicker": str(organisation),
            "title": _("Give %(name)s new access?") % {"name": membership.user},
            "facts": [
                (_("Name"), str(membership.user)),
                (_("Username"), membership.user.username),
                (_("Role"), membership.get_role_display()),
            ],
            "consequence": _(
                "Their current password and authenticator app stop working at once; they sign in again with the "
                "new activation link you get on the next page."
            ),
            "action": reverse("beheer:member-reset", args=[membership.pk]),
            "fields": [],
            "button": _("Give new access"),
            "cancel": reverse("beheer:members"),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    user = reset_access(request.user, membership, request=request)
    return render(
        request,
        "accounts/manage/activation.html",
        {"organisation": organisation, "member": user, "link": activation_link(request, user), "new": False},
    )


@login_required
def organisation_details(request):
    organisation = _managed_organisation(request)
    initial = {
        "name": organisation.name,
        "support_profile_url": organisation.support_profile_url,
        "version": organisation.version,
    }
    form = OrganisationDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            # Optimistic locking: the save only applies to the version this person started from.
            update_organisation_details(request.user, organisation, **form.cleaned_data, request=request)
        except StaleDetails as stale:
            organisation = stale.current
        else:
            messages.success(request, _("The details of the organisation are saved."))
            return redirect("beheer:organisation")
        form.add_error(
            None,
            _(
                "Someone else saved these details while you were editing. Nothing of yours was saved: your text is "
                "still in the form below. Compare it with the current details and save again."
            ),
        )
        form.data = form.data.copy()
        form.data["version"] = organisation.version
        return render(
            request,
            "accounts/manage/organisation.html",
            {"organisation": organisation, "form": form, "conflict": True},
            status=409,
        )
    return render(request, "accounts/manage/organisation.html", {"organisation": organisation, "form": form})


@sensitive_post_parameters()
def activate(request, uidb64: str, token: str):
    """A new person (or one whose access was reset) chooses a password; then they log in and link their app."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode(), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError, UnicodeDecodeError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/activate_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "utrecht-textbox"
    if request.method == "POST" and form.is_valid():
        if not set_password_from_link(user, token, form.cleaned_data["new_password1"], request=request):
            return render(request, "accounts/activate_invalid.html", status=404)  # the link was used just now
        messages.success(request, _("Your password is set. Log in to link your authenticator app."))
        return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form})
