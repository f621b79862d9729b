"""The student's own doorstroomdossier for the move from VO to MBO and from MBO to HBO.

Part A is the student's: the study choice and what they need. Part B is the school's advice, written by the mentor
or the careers adviser (decaan). The student signs, and chooses which parts the new school may read; under 16 a
legal representative agrees as well. A ready dossier goes with the handover of the move (``transitions.handover``).

Only the model and its choices live here: the status changes are in ``workflow``, the other writes in ``services``,
the reads in ``selectors``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class Route(models.TextChoices):
    VO_MBO = "VO-MBO", _("From secondary school to MBO")
    MBO_HBO = "MBO-HBO", _("From MBO to higher education")


class Status(models.TextChoices):
    WRITING = "schrijven", _("Being written")
    WAITING_FOR_PARENT = "wacht_op_ouder", _("Waiting for a parent's agreement")
    READY = "klaar", _("Ready")


class Released(models.TextChoices):
    """Which parts the student lets the new school read."""

    A = "a", _("Only part A (by the student)")
    B = "b", _("Only part B (advice of the school)")
    BOTH = "ab", _("Part A and part B")


# The same choices as the student reads them when signing.
RELEASED_FOR_STUDENT = {
    Released.A: _("Only part A (what I wrote)"),
    Released.B: _("Only part B (the advice of the school)"),
    Released.BOTH: _("Part A and part B"),
}


PART_A_FIELDS = ("study_choice", "strengths", "support_needs", "what_helps")
PART_B_FIELDS = ("advice",)


class Doorstroomdossier(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="doorstroomdossiers")
    school = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    school_year = models.CharField(_("school year"), max_length=9)
    route = models.CharField(_("route"), max_length=8, choices=Route.choices)

    # Part A, by the student.
    study_choice = models.TextField(_("study choice"), blank=True)
    strengths = models.TextField(_("what I am good at"), blank=True)
    support_needs = models.TextField(_("what I need at my new school"), blank=True)
    what_helps = models.TextField(_("what helps me"), blank=True)
    part_a_saved_at = models.DateTimeField(null=True, blank=True)

    # Part B, by the mentor or the careers adviser.
    advice = models.TextField(_("advice of the school"), blank=True)
    advice_by_name = models.CharField(_("advice by"), max_length=200, blank=True)
    advice_at = models.DateTimeField(_("advice given on"), null=True, blank=True)

    released = models.CharField(_("the new school may read"), max_length=2, choices=Released.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.WRITING)
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed on"), null=True, blank=True)
    parent_agreed_by_name = models.CharField(_("agreed by"), max_length=200, blank=True)
    parent_agreed_at = models.DateTimeField(_("agreed on"), null=True, blank=True)

    # Optimistic locking: a save names the version it started from and is refused when someone saved in between.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-school_year", "-created_at"]
        verbose_name = _("doorstroomdossier")
        verbose_name_plural = _("doorstroomdossiers")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "route", "school_year"], name="doorstroomdossier_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.route} {self.school_year} · {self.pupil}"

    @property
    def part_a_done(self) -> bool:
        return bool(self.study_choice.strip() and self.support_needs.strip())

    @property
    def part_b_done(self) -> bool:
        return bool(self.advice.strip())

    @property
    def releases_a(self) -> bool:
        return self.released in (Released.A, Released.BOTH)

    @property
    def releases_b(self) -> bool:
        return self.released in (Released.B, Released.BOTH)
