"""Pupils, their school career (enrolments) and the family members who log in for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager
from overstap.organisations.models import EDUCATION_TYPES, OrganisationType


class Pupil(models.Model):
    """Minimal identity of a pupil. Place of birth and nationality are never stored: they may never be passed on."""

    given_names = models.CharField(_("given names"), max_length=120)
    preferred_name = models.CharField(_("called"), max_length=60, blank=True)
    family_name_prefix = models.CharField(_("prefix"), max_length=20, blank=True, help_text=_("For example: van, de."))
    family_name = models.CharField(_("family name"), max_length=120)
    birth_date = models.DateField(_("date of birth"))
    onderwijsnummer = models.CharField(_("education number"), max_length=9, blank=True)
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        limit_choices_to={"type": OrganisationType.GEMEENTE},
        verbose_name=_("municipality of residence"),
    )
    startkwalificatie_on = models.DateField(
        _("startkwalificatie obtained on"),
        null=True,
        blank=True,
        help_text=_("A HAVO or VWO diploma, or an MBO diploma at level 2 or higher. It ends the qualification duty."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        # Finding a pupil by date of birth and name: a school adding one by hand, and an imported list without
        # numbers.
        indexes = [models.Index(fields=["birth_date", "family_name"], name="pupil_birth_name_idx")]
        constraints = [
            # One pupil per BSN or education number, where one is known: two schools that add the same child at
            # the same moment cannot both succeed (the service's check holds a lock per school only).
            models.UniqueConstraint(
                fields=["onderwijsnummer"],
                condition=~models.Q(onderwijsnummer=""),
                name="pupil_onderwijsnummer_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        first = self.preferred_name or self.given_names.split(" ")[0]
        return " ".join(part for part in (first, self.family_name_prefix, self.family_name) if part)

    def age_on(self, day) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def current_enrolment(self):
        today = timezone.localdate()
        return (
            self.enrolments.filter(start_date__lte=today)
            .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
            .select_related("organisation")
            .order_by("-start_date")
            .first()
        )


class Programme(models.TextChoices):
    NONE = "", _("Regular")
    LWOO = "lwoo", _("Learning support (LWOO)")
    VVE = "vve", _("Early childhood education (VVE)")
    ARRANGEMENT = "arrangement", _("With an arrangement")


class Enrolment(models.Model):
    """A pupil's place at a school or pre-school for a period: the school career, stage by stage."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("pupil"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("school"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    programme = models.CharField(_("programme"), max_length=16, choices=Programme.choices, blank=True)
    group = models.CharField(_("group or class"), max_length=20, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [models.Index(fields=["organisation", "end_date"])]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.organisation}"

    def clean(self):
        if self.organisation_id and self.organisation.type not in EDUCATION_TYPES:
            raise ValidationError(
                {"organisation": _("School: a pupil can only be enrolled at a school or pre-school.")}
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Until: the end date lies before the start date.")})


class Relation(models.TextChoices):
    PARENT = "ouder", _("Parent (legal representative)")
    CARER = "verzorger", _("Carer")
    PUPIL = "leerling", _("The pupil themselves")


class FamilyLink(models.Model):
    """Links a parent, carer or the pupil themselves (as a user) to the pupil's dossier."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_links")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="family_links")
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    legal_representative = models.BooleanField(_("legal representative"), default=False)

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [models.UniqueConstraint(fields=["user", "pupil"], name="familylink_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.pupil} ({self.get_relation_display()})"


class GuardianRelation(models.TextChoices):
    PARENT = "ouder", _("Parent")
    GUARDIAN = "voogd", _("Guardian (voogd)")
    FOSTER = "pleegouder", _("Foster parent")
    CARER = "verzorger", _("Carer")
    OTHER = "anders", _("Other")


class Guardian(models.Model):
    """A legal representative or other guardian of the pupil, whether or not they have an account."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=12, choices=GuardianRelation.choices)
    legal_representative = models.BooleanField(_("legal representative"), default=False)
    lives_with_pupil = models.BooleanField(_("the pupil lives here"), default=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    recorded_by_name = models.CharField(_("recorded by"), max_length=200)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-legal_representative", "name"]
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class ImportStatus(models.TextChoices):
    UPLOADED = "geladen", _("Uploaded: choose the columns")
    CHECKED = "gecontroleerd", _("Checked: ready to import")
    IMPORTED = "ingelezen", _("Imported")
    CANCELLED = "geannuleerd", _("Cancelled")


class PupilImport(models.Model):
    """A pupil list a school uploads from its administration system, from upload to import. The file is kept
    only until it is imported or cancelled; what was done stays in ``report``. The status changes only through
    ``imports.change_status``."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_by_name = models.CharField(_("by"), max_length=200)
    file_name = models.CharField(_("file"), max_length=200)
    stored_as = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=8)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    valid_only = models.BooleanField(_("only the valid rows"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pupil list import")
        verbose_name_plural = _("pupil list imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
