"""A family's request to correct or add to a dossier entry (AVG art. 16), with the school's answer and its history.

The family (the legal representatives while the pupil is under 16, the pupil from 16) says what is wrong and what
the entry should say; the school that wrote the entry answers within four weeks: it corrects the entry (a new
version, the old text stays in the entry's history), adds the family's statement to it, or refuses with a reason.
The status changes only through ``dossiers.workflow.change_status``; each step keeps a ``CorrectionEvent``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager

from .entries import Entry

# The school answers within four weeks of the request; after that the answer is overdue (a signal).
ANSWER_WITHIN = datetime.timedelta(weeks=4)


class CorrectionKind(models.TextChoices):
    CORRECT = "verbeteren", _("Something is wrong")
    ADD = "aanvullen", _("Something is missing")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the school's answer")
    CORRECTED = "verbeterd", _("Corrected")
    ADDED = "aangevuld", _("Your statement was added")
    REFUSED = "geweigerd", _("Not changed")


ANSWERED = (CorrectionStatus.CORRECTED, CorrectionStatus.ADDED, CorrectionStatus.REFUSED)


class CorrectionRequest(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="correction_requests")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="correction_requests")
    # The school that wrote the entry, and answers.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    kind = models.CharField(_("what you ask"), max_length=12, choices=CorrectionKind.choices)
    what_is_wrong = models.TextField(_("what is wrong or missing"))
    should_say = models.TextField(_("what it should say"))
    entry_version = models.PositiveIntegerField(_("version of the entry asked about"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_by_name = models.CharField(_("asked by"), max_length=200)
    asked_at = models.DateTimeField(_("asked on"))
    due_on = models.DateField(_("answer before"))
    status = models.CharField(
        _("status"), max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by_name = models.CharField(_("answered by"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    # The entry's version after the answer (a correction or an added statement), to find it in the history.
    answered_version = models.PositiveIntegerField(null=True, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.entry} · {self.asked_at:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == CorrectionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class CorrectionEvent(models.Model):
    """One line of a request's history: asked, or answered (corrected, statement added, refused), by whom, when."""

    request = models.ForeignKey(CorrectionRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    by_name = models.CharField(_("by"), max_length=200)
    from_status = models.CharField(_("from"), max_length=12, choices=CorrectionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=CorrectionStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.from_status}→{self.to_status}"
