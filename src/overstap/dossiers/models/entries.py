"""The pupil's growing dossier: entries by category, each with author, date and validity, and their history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager
from overstap.consent.categories import Category
from overstap.organisations.models import OrganisationType

# The categories a dossier entry can have (the others are registration data or never stored as text).
ENTRY_CATEGORIES = [
    Category.ONTWIKKELING,
    Category.THUISSITUATIE,
    Category.ONDERSTEUNINGSBEHOEFTEN,
    Category.WERKZAME_ELEMENTEN,
    Category.GEBODEN_ONDERSTEUNING,
    Category.HANDELINGSADVIEZEN,
    Category.SCHOOLADVIES_TOETSEN,
    Category.REDEN_OVERSTAP,
    Category.GEZONDHEID,
    Category.ZAT_MDO,
    Category.ZIENSWIJZE,
]


class Domain(models.TextChoices):
    # Pre-school
    TAAL = "taal", _("Language")
    SPEL = "spel", _("Play")
    MOTORIEK = "motoriek", _("Motor skills")
    SOCIALE_OMGANG = "sociale_omgang", _("Getting on with others")
    # School
    BASISVAARDIGHEDEN = "basisvaardigheden", _("Basic skills (reading, spelling, arithmetic)")
    COGNITIEF = "cognitief", _("Cognitive development")
    MOTORISCH = "motorisch", _("Motor development")
    PSYCHOSOCIAAL = "psychosociaal", _("Psychosocial development")
    GEDRAG = "gedrag", _("Behaviour")
    # MBO
    ONDERWIJSDEELNAME = "onderwijsdeelname", _("Taking part in education")
    OPLEIDINGEN = "opleidingen", _("Programmes completed and broken off")
    RESULTATEN = "resultaten", _("Results")


PRESCHOOL_DOMAINS = [Domain.TAAL, Domain.SPEL, Domain.MOTORIEK, Domain.SOCIALE_OMGANG]
SCHOOL_DOMAINS = [Domain.BASISVAARDIGHEDEN, Domain.COGNITIEF, Domain.MOTORISCH, Domain.PSYCHOSOCIAAL, Domain.GEDRAG]
MBO_DOMAINS = [Domain.ONDERWIJSDEELNAME, Domain.OPLEIDINGEN, Domain.RESULTATEN]


def domains_for(organisation_type: str) -> list[Domain]:
    """The development domains that fit the stage of an organisation."""
    if organisation_type == OrganisationType.VOORSCHOOL:
        return PRESCHOOL_DOMAINS
    if organisation_type in (OrganisationType.MBO, OrganisationType.HBO):
        return MBO_DOMAINS
    return SCHOOL_DOMAINS


class Entry(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="dossier_entries")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    domain = models.CharField(_("development domain"), max_length=24, choices=Domain.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    author_name = models.CharField(_("written by"), max_length=200)
    author_role = models.CharField(_("role"), max_length=32, blank=True)
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    closed_by_name = models.CharField(_("closed by"), max_length=200, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["category", "-recorded_on", "-pk"]
        verbose_name = _("dossier entry")
        verbose_name_plural = _("dossier entries")
        indexes = [models.Index(fields=["pupil", "category"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        if self.closed_at is not None:
            return False
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    @property
    def is_view_of_family(self) -> bool:
        return self.category == Category.ZIENSWIJZE and self.organisation_id is None


class EntryVersion(models.Model):
    """Every saved state of an entry, so that no edit loses what was there before."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    domain = models.CharField(_("development domain"), max_length=24, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    saved_by_name = models.CharField(_("saved by"), max_length=200)
    saved_at = models.DateTimeField(_("saved on"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="entryversion_unique")]

    def __str__(self) -> str:
        return f"{self.entry} v{self.version}"
