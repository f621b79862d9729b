"""The application manager's page of API tokens (/beheer/api-sleutels/): make, see last use, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object, refuse
from overstap.core.forms import apply_errors

from .forms import TokenForm
from .models import ApiToken
from .scopes import SCOPES
from .selectors import tokens_for
from .services import issue_token, revoke_token


def _managed_organisation(request):
    membership = getattr(request.user, "acting_membership", None)
    organisation = membership.organisation if membership else None
    if organisation is None or not can(request.user, "manage", organisation):
        refuse(request, organisation, "manage")
    return organisation


@login_required
def token_list(request):
    organisation = _managed_organisation(request)
    tokens = list(tokens_for(request.user, organisation))
    record(request.user, Action.LIST, organisation, request=request, detail={"api_tokens": [t.pk for t in tokens]})
    labels = {key: label for key, (label, _actions) in SCOPES.items()}
    rows = [{"token": t, "scopes": [labels.get(s, s) for s in t.scopes]} for t in tokens]
    return render(request, "api/tokens.html", {"organisation": organisation, "rows": rows})


@login_required
def token_new(request):
    organisation = _managed_organisation(request)
    form = TokenForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = issue_token(request.user, organisation, **form.cleaned_data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # The only time the key is shown: only its hash is kept.
            return render(request, "api/token_made.html", {"organisation": organisation, "token": token, "key": key})
    return render(request, "api/token_new.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    """GET: the shared confirmation page; POST (from it): the token stops working."""
    organisation = _managed_organisation(request)
    token = authorised_object(request, ApiToken.objects.all(), "manage", pk=pk)
    if request.method == "GET":
        confirm = {
            "kicker": str(organisation),
            "title": _("Revoke the API token %(name)s?") % {"name": token.name},
            "facts": [
                (_("Name"), token.name),
                (_("Starts with"), token.prefix),
                (_("Acts as"), token.get_role_display()),
            ],
            "consequence": _("The system that uses it can no longer reach Overstap. This cannot be undone."),
            "action": reverse("api_tokens:revoke", args=[token.pk]),
            "fields": [],
            "button": _("Revoke"),
            "cancel": reverse("api_tokens:list"),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    revoke_token(request.user, token, request=request)
    messages.success(request, _("The API token %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
