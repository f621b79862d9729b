"""The Overstaptafel: a regional meeting where schools, the MBO, the samenwerkingsverband and the municipality go
through many pupils of one transition type at once (seed: in April and June for VO→MBO), unlike a meeting of one
pupil's move (``transitions.Meeting``).

A tafel has a convener (the SWV or the municipality), participating organisations and the people who attend, a list
of pupils proposed from the open signals and the coaches' caseloads and edited by the convener, and per pupil the
agreements made, the outcome and the next step. Who sees which pupil, and which of their fields, is in ``rules.py``.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager
from overstap.matrix.schema import TRANSITION_CODES


class Status(models.TextChoices):
    PLANNED = "gepland", _("Planned")
    HELD = "gehouden", _("Held")
    MINUTES_CLOSED = "verslag_vastgesteld", _("Minutes closed")
    CANCELLED = "geannuleerd", _("Cancelled")


# While the tafel is planned or held its pupils, outcomes and agreements can still be changed.
OPEN_STATUSES = (Status.PLANNED, Status.HELD)


class Overstaptafel(models.Model):
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("SWV region")
    )
    transition = models.CharField(_("transition"), max_length=12, choices=[(c, c) for c in TRANSITION_CODES])
    school_year = models.CharField(_("school year"), max_length=9)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200)
    convener = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("convened by")
    )
    convened_by_name = models.CharField(_("chair"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_note = models.CharField(_("reason"), max_length=300, blank=True)
    # Optimistic locking of the tafel's own details (date, place): a change made meanwhile is not overwritten.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("Overstaptafel")
        verbose_name_plural = _("Overstaptafels")
        indexes = [models.Index(fields=["convener", "held_on"])]

    def __str__(self) -> str:
        return f"Overstaptafel {self.transition} · {self.held_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("tables:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Participant(models.Model):
    """An organisation that takes part: its staff in the roles that take part see the tafel (``rules.py``)."""

    tafel = models.ForeignKey(Overstaptafel, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    attendees = models.CharField(
        _("who attends"), max_length=300, blank=True, help_text=_("Names and functions, separated by commas.")
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["tafel", "organisation"], name="tafel_participant_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


class Source(models.TextChoices):
    SIGNAL = "signaal", _("Open signal")
    COACHING = "coaching", _("Overstapcoach's caseload")
    ADDED = "toegevoegd", _("Added by hand")


class TablePupil(models.Model):
    """A pupil on the tafel's list. Removing keeps the row with its reason, so a proposal does not bring it back."""

    tafel = models.ForeignKey(Overstaptafel, on_delete=models.CASCADE, related_name="rows")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+", verbose_name=_("pupil"))
    source = models.CharField(_("on the list because of"), max_length=12, choices=Source.choices)
    # The signal kinds that proposed the pupil; shown to each reader only as far as they see those signals.
    signal_kinds = models.JSONField(default=list, blank=True)
    proposed_to = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed to"),
        help_text=_("The school the tafel proposes the pupil to; that school then sees the pupil on this tafel."),
    )
    support_note = models.TextField(
        _("support needed at the next school"),
        blank=True,
        help_text=_("Support content: not shown to leerplicht and RMC."),
    )
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("No support or health details."))
    next_step = models.CharField(
        _("next step"), max_length=300, blank=True, help_text=_("No support or health details.")
    )
    added_by_name = models.CharField(_("added by"), max_length=200)
    removed_at = models.DateTimeField(_("removed on"), null=True, blank=True)
    removed_reason = models.CharField(_("reason for removing"), max_length=300, blank=True)
    removed_by_name = models.CharField(_("removed by"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["pupil__family_name", "pupil__given_names", "pk"]
        verbose_name = _("pupil on the Overstaptafel")
        verbose_name_plural = _("pupils on the Overstaptafel")
        constraints = [models.UniqueConstraint(fields=["tafel", "pupil"], name="tafel_pupil_unique")]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.tafel}"

    def get_absolute_url(self) -> str:
        return reverse("tables:row", kwargs={"pk": self.pk})

    @property
    def on_list(self) -> bool:
        return self.removed_at is None


class Agreement(models.Model):
    """What was agreed about one pupil: who does what by when. Overdue and not done, it becomes a signal for its
    owner (``findings.py``)."""

    row = models.ForeignKey(TablePupil, on_delete=models.CASCADE, related_name="agreements")
    what = models.CharField(_("what"), max_length=300, help_text=_("No support or health details."))
    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    owner_person = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by_name = models.CharField(_("done by"), max_length=200, blank=True)
    created_by_name = models.CharField(_("recorded by"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.what[:60]

    def get_absolute_url(self) -> str:
        return f"{self.row.tafel.get_absolute_url()}#afspraak-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
