"""Signals: findings that need someone's attention, each with one owner, a due date and a history.

A signal is raised by the engine (``engine.py``) from a finding (``findings.py``) and closes itself when its cause is
gone. Its ``cause`` is written for everyone who may see the signal, leerplicht and RMC included: it names what is
missing (a place, a start, a decision), never support or health content.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from overstap.accounts.roles import Role
from overstap.authz.managers import AuthorisedManager


class SignalKind(models.TextChoices):
    GEEN_PLEK = "geen_plek", _("No place")
    NO_SHOW = "no_show", _("Registered but not started")
    NIET_GEPLAATST = "niet_geplaatst", _("Not placed on 1 October")
    THUISZITTER = "thuiszitter", _("At home without education")
    TLV_OVERSTAP = "tlv_overstap", _("TLV ends around the move")
    TLV_EINDIGT = "tlv_eindigt", _("TLV ends soon")
    JEUGDHULP_OVERSTAP = "jeugdhulp_overstap", _("Youth care at the move without a decision")
    JEUGDHULP_18 = "jeugdhulp_18", _("Youth care at 18 without a decision")
    NIET_GEOPEND = "niet_geopend", _("Handover not opened before the start date")
    NAZORG = "nazorg", _("Follow-up contact due")
    TERUGKOPPELING = "terugkoppeling", _("Feedback due")
    TAFEL_AFSPRAAK = "tafel_afspraak", _("Agreement from the Overstaptafel overdue")
    CORRECTIE_TERMIJN = "correctie_termijn", _("Correction request not answered in time")
    DOORSTROOMDOSSIER = "doorstroomdossier", _("Doorstroomdossier not ready in time")


# The kinds about attendance and place: leerplicht and RMC see these for the pupils living in their municipality.
ATTENDANCE_KINDS = frozenset(
    {SignalKind.GEEN_PLEK, SignalKind.NO_SHOW, SignalKind.NIET_GEPLAATST, SignalKind.THUISZITTER}
)
# The kinds about youth care: only a school the family gave consent for youth-care information sees them.
YOUTH_CARE_KINDS = frozenset({SignalKind.JEUGDHULP_OVERSTAP, SignalKind.JEUGDHULP_18})
# The kinds about what a school keeps in its own dossier: only the school that owns them sees these, not the SWV.
SCHOOL_ONLY_KINDS = frozenset({SignalKind.CORRECTIE_TERMIJN, SignalKind.DOORSTROOMDOSSIER})


class SignalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status of a signal", "Open")
    IN_BEHANDELING = "in_behandeling", _("Being handled")
    AFGEHANDELD = "afgehandeld", _("Handled")


NOT_HANDLED = (SignalStatus.OPEN, SignalStatus.IN_BEHANDELING)


class Signal(models.Model):
    kind = models.CharField(_("signal"), max_length=24, choices=SignalKind.choices)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="signals")
    case = models.ForeignKey(
        "transitions.TransitionCase", on_delete=models.CASCADE, null=True, blank=True, related_name="signals"
    )
    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    # The role at the owner that acts on it; at a school any of its dossier owners does (see rules.py).
    owner_role = models.CharField(_("owner role"), max_length=24, choices=Role.choices)
    cause = models.CharField(_("cause"), max_length=300)
    cause_key = models.CharField(max_length=80)
    due_on = models.DateField(_("act before"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.OPEN)
    raised_on = models.DateField(_("raised on"))
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    closed_reason = models.CharField(_("why it was closed"), max_length=300, blank=True)
    closed_automatically = models.BooleanField(default=False)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["due_on", "-raised_on", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "cause_key"],
                condition=models.Q(status__in=["open", "in_behandeling"]),
                name="signal_one_not_handled_per_cause",
            )
        ]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.cause_key}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:detail", kwargs={"pk": self.pk})

    def handled_where(self) -> str:
        """Where the signal is acted on: the page its kind names (an agreement on the Overstaptafel), the SWV request
        of a TLV, the case of a move, or else the pupil page."""
        from .findings import REGISTRY

        entry = REGISTRY.get(self.kind)
        if entry is not None and entry.link is not None:
            return entry.link(self)
        if self.kind in (SignalKind.TLV_EINDIGT,) and self.cause_key.startswith("decision:"):
            from overstap.support.models import SwvDecision

            request_id = (
                SwvDecision.objects.filter(pk=self.cause_key.split(":")[1]).values_list("request_id", flat=True).first()
            )
            if request_id is not None:
                return reverse("support:detail", kwargs={"pk": request_id})
        if self.case_id is not None:
            return reverse("transitions:detail", kwargs={"pk": self.case_id})
        return reverse("pupils:detail", kwargs={"pk": self.pupil_id})

    @property
    def is_open(self) -> bool:
        return self.status in NOT_HANDLED


class SignalEvent(models.Model):
    """One line of a signal's history: a change of status, or a note of what was done (contact, agreement)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    from_status = models.CharField(_("from"), max_length=16, choices=SignalStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=SignalStatus.choices, blank=True)
    by_name = models.CharField(_("by"), max_length=200)
    note = models.TextField(_("what was done"), blank=True)
    next_on = models.DateField(_("next step on"), null=True, blank=True)
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.from_status}→{self.to_status}"
