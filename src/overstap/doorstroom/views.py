"""The pages of the doorstroomdossier (under /doorstroom/): a pupil's dossier, part A for the student, part B for
the school, signing and a parent's agreement. Reads come from ``selectors``, writes go through ``services``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import allowed_actions, can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors
from overstap.pupils.models import Pupil
from overstap.pupils.scopes import speaks_to_pupil

from . import services
from .forms import AgreeForm, PartAForm, PartBForm, SignForm
from .models import PART_A_FIELDS, Doorstroomdossier
from .selectors import current_dossier, state_of

ACTIONS = ("write_a", "write_b", "sign", "agree")


def _conflict_message(part: str) -> str:
    if part == "a":  # to the student
        return gettext(
            "Your doorstroomdossier was saved somewhere else while you were writing. Your text is not lost: it is "
            "still in the form. Look at the newest version below, change your text if needed and save again."
        )
    return gettext(
        "Someone else saved this doorstroomdossier while you were working on it. Your text has not been saved yet: "
        "it is still in the form. Compare it with the newest version below, adjust it and save again."
    )


def _page(request, dossier, *, sign_form=None, status=200):
    user = request.user
    allowed = allowed_actions(user, dossier, ACTIONS)
    record(user, Action.READ, dossier, request=request)
    return render(
        request,
        "doorstroom/detail.html",
        {
            "pupil": dossier.pupil,
            "dossier": dossier,
            "state": state_of(dossier),
            "allowed": allowed,
            "is_student": speaks_to_pupil(user, dossier.pupil),
            "is_family": getattr(user, "acting_membership", None) is None,
            "sign_form": sign_form
            or (
                SignForm(
                    initial={"released": dossier.released or None, "version": dossier.version},
                    with_part_b=dossier.part_b_done,
                )
                if "sign" in allowed
                else None
            ),
            "agree_form": AgreeForm(initial={"version": dossier.version}) if "agree" in allowed else None,
        },
        status=status,
    )


@login_required
def pupil_page(request, pk: int):
    """The pupil's doorstroomdossier of this school year (or the newest), or where to start one."""
    pupil = authorised_object(request, Pupil.objects.all(), "view_doorstroom", pk=pk, also=("start_doorstroom",))
    dossier = current_dossier(request.user, pupil)
    if dossier is not None:
        return _page(request, dossier)
    record(request.user, Action.READ, pupil, request=request, detail={"page": "doorstroom"})
    return render(
        request,
        "doorstroom/start.html",
        {
            "pupil": pupil,
            # Only where a dossier can be written: at a secondary or MBO school the student attends now.
            "may_start": can(request.user, "start_doorstroom", pupil)
            and services.school_for(request.user, pupil) is not None,
            "is_student": speaks_to_pupil(request.user, pupil),
        },
    )


@login_required
@require_POST
def start(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "start_doorstroom", pk=pk)
    try:
        dossier = services.start(request.user, pupil, request=request)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("doorstroom:pupil", pk=pupil.pk)
    return redirect("doorstroom:detail", pk=dossier.pk)


@login_required
def detail(request, pk: int):
    dossier = authorised_object(
        request, Doorstroomdossier.objects.select_related("pupil", "school"), "view", pk=pk, also=ACTIONS
    )
    return _page(request, dossier)


def _edit(request, dossier, form, save, template_fields):
    conflict, status = None, 200
    part = "a" if template_fields == PART_A_FIELDS else "b"
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name, "") for name in template_fields}
        try:
            save(request.user, dossier, expected_version=form.cleaned_data.get("version") or 0, request=request, **data)
        except services.EditConflict as error:
            conflict, status = error.current, 409
            form.add_error(None, _conflict_message(part))
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as error:
            apply_errors(form, error)
            status = 400
        else:
            messages.success(request, gettext("Saved."))
            return redirect("doorstroom:detail", pk=dossier.pk)
    elif request.method == "POST":
        status = 400
    record(request.user, Action.READ, dossier, request=request, detail={"edit": True})
    return render(
        request,
        "doorstroom/edit.html",
        {
            "pupil": dossier.pupil,
            "dossier": dossier,
            "form": form,
            "conflict": conflict,
            "part": part,
            "signed": bool(dossier.signed_at),
        },
        status=status,
    )


@login_required
def part_a(request, pk: int):
    dossier = authorised_object(request, Doorstroomdossier.objects.select_related("pupil", "school"), "write_a", pk=pk)
    initial = {name: getattr(dossier, name) for name in PART_A_FIELDS} | {"version": dossier.version}
    form = PartAForm(request.POST or None, initial=initial)
    return _edit(request, dossier, form, services.save_part_a, PART_A_FIELDS)


@login_required
def part_b(request, pk: int):
    dossier = authorised_object(request, Doorstroomdossier.objects.select_related("pupil", "school"), "write_b", pk=pk)
    form = PartBForm(request.POST or None, initial={"advice": dossier.advice, "version": dossier.version})
    return _edit(request, dossier, form, services.save_part_b, ("advice",))


def _signed_message(dossier) -> str:
    if dossier.status == "wacht_op_ouder":
        return gettext("You signed your doorstroomdossier. Now your parent or carer agrees, then it is ready.")
    return gettext("You signed your doorstroomdossier. It is ready and goes with your move to the new school.")


@login_required
@require_POST
def sign(request, pk: int):
    dossier = authorised_object(request, Doorstroomdossier.objects.select_related("pupil", "school"), "sign", pk=pk)
    form = SignForm(request.POST, with_part_b=dossier.part_b_done)
    if form.is_valid():
        try:
            dossier = services.sign(
                request.user,
                dossier,
                expected_version=form.cleaned_data.get("version") or 0,
                released=form.cleaned_data["released"],
                request=request,
            )
        except services.EditConflict as error:
            form = SignForm(
                initial={"released": form.cleaned_data["released"], "version": error.current.version},
                with_part_b=error.current.part_b_done,
            )
            messages.error(
                request,
                gettext("Your doorstroomdossier changed since you opened it. Read it again, then sign."),
            )
            return _page(request, error.current, sign_form=form, status=409)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _signed_message(dossier))
            return redirect("doorstroom:detail", pk=dossier.pk)
    return _page(request, dossier, sign_form=form, status=400)


@login_required
@require_POST
def agree(request, pk: int):
    dossier = authorised_object(request, Doorstroomdossier.objects.select_related("pupil", "school"), "agree", pk=pk)
    form = AgreeForm(request.POST)
    form.is_valid()
    try:
        services.agree(request.user, dossier, expected_version=form.cleaned_data.get("version") or 0, request=request)
    except services.EditConflict:
        messages.error(request, gettext("The doorstroomdossier changed since you opened it. Read it again, please."))
        return redirect("doorstroom:detail", pk=dossier.pk)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, gettext("Thank you. You agreed, so the doorstroomdossier is ready."))
    return redirect("doorstroom:detail", pk=dossier.pk)
