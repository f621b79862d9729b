"""The thuiszitters register: absence reports that schools record for their own pupils, and the route of each
pupil who is counted (who acts, since when, which arrangement, the next review, the history).

Who is counted is not stored: ``definition.py`` derives it, every time, from the enrolments and the absence reports.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class AbsenceKind(models.TextChoices):
    UNEXCUSED = "ongeoorloofd", _("Without permission")
    EXCUSED = "geoorloofd", _("With permission (e.g. exemption, illness reported)")


class AbsenceReport(models.Model):
    """A verzuimmelding: a school records that its own pupil is absent, from a date, until a date or still."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="absence_reports")
    school = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    from_date = models.DateField(_("absent from"))
    to_date = models.DateField(_("absent until"), null=True, blank=True)
    kind = models.CharField(_("kind of absence"), max_length=14, choices=AbsenceKind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by_name = models.CharField(_("recorded by"), max_length=200)
    ended_by_name = models.CharField(_("ended by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-from_date", "-pk"]
        verbose_name = _("absence report")
        verbose_name_plural = _("absence reports")
        indexes = [
            # The register looks for open reports without permission that began long enough ago.
            models.Index(fields=["kind", "to_date", "from_date"], name="absence_open_kind"),
            models.Index(fields=["pupil", "to_date"], name="absence_pupil_open"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.get_kind_display()} · {self.from_date}"

    @property
    def is_open(self) -> bool:
        return self.to_date is None


class Arrangement(models.TextChoices):
    NONE = "", _("None yet")
    EDUCATION_CARE = "onderwijszorg", _("Education-care arrangement")
    PART_TIME = "deeltijd", _("Part-time timetable")
    EXEMPTION = "vrijstelling", _("Exemption")
    CARE = "zorg", _("Care (treatment or day programme)")
    HOME_TUITION = "thuisonderwijs", _("Teaching at home")
    OTHER = "anders", _("Other")


class RouteStatus(models.TextChoices):
    NEW = "nieuw", _("New")
    IN_PROGRESS = "in_behandeling", _("Being handled")
    BACK_AT_SCHOOL = "terug_op_school", _("Back at school")
    OTHER_PLACE = "andere_plek", _("At another place")
    CLOSED = "gesloten", _("Closed")


OPEN_ROUTE = (RouteStatus.NEW, RouteStatus.IN_PROGRESS)


class Route(models.Model):
    """The route of one pupil back to education. One open route per pupil; a closed one stays as history."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="thuiszitter_routes")
    acting_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who acts (organisation)"),
    )
    acting_person = models.CharField(_("who acts (person)"), max_length=200, blank=True)
    acting_since = models.DateField(_("acting since"), null=True, blank=True)
    arrangement = models.CharField(_("arrangement"), max_length=16, choices=Arrangement.choices, blank=True)
    # What the arrangement holds in terms of support: read by the samenwerkingsverband and the school, never by
    # leerplicht (rules.py, ``view_route_support``).
    support_note = models.TextField(_("what the support consists of"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RouteStatus.choices, default=RouteStatus.NEW)
    closed_reason = models.TextField(_("why it was closed"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thuiszitter route")
        verbose_name_plural = _("thuiszitter routes")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=models.Q(status__in=["nieuw", "in_behandeling"]),
                name="route_one_open_per_pupil",
            )
        ]
        indexes = [models.Index(fields=["status", "next_review_on"], name="route_status_review")]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("thuiszitters:route", kwargs={"pupil_pk": self.pupil_id})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ROUTE


class RouteEvent(models.Model):
    """One line of the route's history: what it said after each change, who changed it and when."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    by_name = models.CharField(_("by"), max_length=200)
    by_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    from_status = models.CharField(_("from"), max_length=16, choices=RouteStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=RouteStatus.choices, blank=True)
    acting = models.CharField(_("who acts"), max_length=420, blank=True)
    acting_since = models.DateField(_("acting since"), null=True, blank=True)
    arrangement = models.CharField(_("arrangement"), max_length=16, choices=Arrangement.choices, blank=True)
    support_note = models.TextField(_("what the support consists of"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.route_id} {self.at:%Y-%m-%d}"
