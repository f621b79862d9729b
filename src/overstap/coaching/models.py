"""The overstapcoach's part of a move: assigned on a case, a caseload from six months before to six months after
the move, a contact log, a plan made with the student, the handover to the new school's mentor; it closes only
once the student is actually in class."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class Status(models.TextChoices):
    ACTIVE = "actief", _("Coaching")
    HANDED_OVER = "overgedragen", _("Handed over to the new mentor")
    CLOSED = "afgerond", _("Closed: the student is in class")
    STOPPED = "gestopt", _("Stopped")


OPEN_STATUSES = (Status.ACTIVE, Status.HANDED_OVER)


class Coaching(models.Model):
    case = models.ForeignKey("transitions.TransitionCase", on_delete=models.CASCADE, related_name="coachings")
    coach = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="coachings", verbose_name=_("coach")
    )
    assigned_by_name = models.CharField(_("assigned by"), max_length=200)
    assigned_by_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    starts_on = models.DateField(_("caseload from"))
    ends_on = models.DateField(_("caseload until"))
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.ACTIVE)
    mentor_name = models.CharField(_("new mentor"), max_length=200, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handover_note = models.TextField(_("what the mentor needs to know"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["ends_on", "pk"]
        verbose_name = _("coaching")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["actief", "overgedragen"]),
                name="coaching_one_open_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.coach.user}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ContactKind(models.TextChoices):
    CONVERSATION = "gesprek", _("Conversation with the student")
    PARENTS = "ouders", _("Contact with the parents")
    SCHOOL = "school", _("Contact with the school")
    NEW_SCHOOL = "nieuwe_school", _("Contact with the new school")
    VISIT = "bezoek", _("Visit at the new school")


class Contact(models.Model):
    coaching = models.ForeignKey(Coaching, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=16, choices=ContactKind.choices)
    note = models.TextField(_("what was discussed and agreed"))
    next_on = models.DateField(_("next contact"), null=True, blank=True)
    by_name = models.CharField(_("recorded by"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.on}"


class PlanGoal(models.Model):
    """One goal of the plan the coach makes together with the student."""

    coaching = models.ForeignKey(Coaching, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"))
    due_on = models.DateField(_("to be reached by"), null=True, blank=True)
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    by_name = models.CharField(_("recorded by"), max_length=200)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
