"""The application manager (functioneel beheerder): people, roles and details of their own organisation.

No dossier content is reachable from here. Every change is audited in the same transaction.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.organisations.models import Organisation

from .decorators import login_required
from .forms import NewMemberForm, OrganisationDetailsForm
from .models import Membership, User


def _managed_organisation(request) -> Organisation:
    membership = getattr(request.user, "acting_membership", None)
    organisation = membership.organisation if membership else None
    if organisation is None or not can(request.user, "manage", organisation):
        raise Http404
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
        data = form.cleaned_data
        with transaction.atomic():
            user = User(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
            user.set_unusable_password()
            user.save()
            membership = Membership(user=user, organisation=organisation, role=data["role"])
            membership.full_clean()
            membership.save()
            record(request.user, Action.CREATE, membership, request=request, detail={"role": data["role"]})
        return render(
            request,
            "accounts/manage/activation.html",
            {"organisation": organisation, "member": user, "link": activation_link(request, user), "new": True},
        )
    return render(request, "accounts/manage/member_add.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def member_end(request, pk: int):
    organisation = _managed_organisation(request)
    membership = authorised_object(request, Membership.objects.select_related("user"), "manage", pk=pk)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot end your own role here: ask another application manager."))
        return redirect("beheer:members")
    with transaction.atomic():
        membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
        membership.save(update_fields=["end_date"])
        record(request.user, Action.UPDATE, membership, request=request, detail={"ended": True})
    messages.success(
        request,
        _("The role of %(name)s at %(organisation)s has ended.")
        % {"name": membership.user, "organisation": organisation},
    )
    return redirect("beheer:members")


@login_required
@require_POST
def member_reset(request, pk: int):
    """Lost phone or forgotten password: a new activation link; the old password and app stop working."""
    organisation = _managed_organisation(request)
    membership = authorised_object(request, Membership.objects.select_related("user"), "manage", pk=pk)
    user = membership.user
    if user.pk == request.user.pk:
        raise Http404
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        record(request.user, Action.UPDATE, user, request=request, detail={"reset": "password and authenticator app"})
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
        data = form.cleaned_data
        with transaction.atomic():
            # Optimistic locking: the save only applies to the version this person started from.
            changed = Organisation.objects.filter(pk=organisation.pk, version=data["version"]).update(
                name=data["name"], support_profile_url=data["support_profile_url"], version=data["version"] + 1
            )
            if changed:
                record(
                    request.user,
                    Action.UPDATE,
                    organisation,
                    request=request,
                    detail={"fields": ["name", "support_profile_url"]},
                )
        if changed:
            messages.success(request, _("The details of the organisation are saved."))
            return redirect("beheer:organisation")
        organisation.refresh_from_db()
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
        with transaction.atomic():
            form.save()
            record(user, Action.UPDATE, user, request=request, detail={"password": "set via activation link"})
        messages.success(request, _("Your password is set. Log in to link your authenticator app."))
        return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"form": form})
