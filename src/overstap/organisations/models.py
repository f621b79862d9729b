"""Organisations that take part in a pupil's transitions, and the SWV regions they belong to."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class Sector(models.TextChoices):
    PO = "po", _("Primary education (PO)")
    VO = "vo", _("Secondary education (VO)")


class OrganisationType(models.TextChoices):
    VOORSCHOOL = "voorschool", _("Pre-school provision (childcare, VVE)")
    BAO = "bao", _("Primary school")
    SBO = "sbo", _("Special primary school (SBO)")
    SO = "so", _("Special school (SO)")
    VO = "vo", _("Secondary school")
    PRO = "pro", _("Practical education (PrO)")
    VSO = "vso", _("Special secondary school (VSO)")
    MBO = "mbo", _("MBO institution")
    HBO = "hbo", _("Higher education institution (HBO/WO)")
    SWV_PO = "swv_po", _("Samenwerkingsverband PO")
    SWV_VO = "swv_vo", _("Samenwerkingsverband VO")
    GEMEENTE = "gemeente", _("Municipality (leerplicht/RMC)")
    JEUGDHULP = "jeugdhulp", _("Youth care, CJG or district team")
    OUDERSTEUNPUNT = "ouder_kind_steunpunt", _("Parent and child support point")


# The matrix stage an organisation of each type stands for (None: not a place of education).
TYPE_TO_STAGE = {
    OrganisationType.VOORSCHOOL: "VOORSCHOOL",
    OrganisationType.BAO: "BAO",
    OrganisationType.SBO: "SBO",
    OrganisationType.SO: "SO",
    OrganisationType.VO: "VO",
    OrganisationType.PRO: "PRO",
    OrganisationType.VSO: "VSO",
    OrganisationType.MBO: "MBO",
    OrganisationType.HBO: "HBO",
}
SCHOOL_TYPES = frozenset(TYPE_TO_STAGE) - {OrganisationType.VOORSCHOOL}
EDUCATION_TYPES = frozenset(TYPE_TO_STAGE)
SWV_TYPES = frozenset({OrganisationType.SWV_PO, OrganisationType.SWV_VO})
PO_TYPES = frozenset({OrganisationType.BAO, OrganisationType.SBO, OrganisationType.SO})
VO_TYPES = frozenset({OrganisationType.VO, OrganisationType.PRO, OrganisationType.VSO})

BRIN_RE = re.compile(r"^\d{2}[A-Z]{2}$")
VESTIGING_RE = re.compile(r"^\d{2}$")
GEMEENTE_CODE_RE = re.compile(r"^GM\d{4}$")
REGION_CODE_RE = re.compile(r"^(PO|VO)\s?\d{2}[-.]?\d{2}$")


class Region(models.Model):
    """The area of a samenwerkingsverband passend onderwijs (SWV), for PO or for VO."""

    code = models.CharField(_("region code"), max_length=12, unique=True, help_text=_("For example PO 30-07."))
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=2, choices=Sector.choices)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("SWV region")
        verbose_name_plural = _("SWV regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self):
        self.code = (self.code or "").strip().upper()
        if not REGION_CODE_RE.match(self.code):
            raise ValidationError({"code": _("Region code: use the form PO 30-07 or VO 30-07.")})
        if self.sector and not self.code.startswith(self.sector.upper()):
            raise ValidationError(
                {
                    "code": _("Region code: a %(sector)s region code starts with %(prefix)s.")
                    % {"sector": self.get_sector_display(), "prefix": self.sector.upper()}
                }
            )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=24, choices=OrganisationType.choices)
    brin = models.CharField(
        _("BRIN"), max_length=4, blank=True, help_text=_("Four characters: two digits and two capital letters.")
    )
    vestiging = models.CharField(_("branch number"), max_length=2, blank=True, help_text=_("Two digits, e.g. 00."))
    gemeente_code = models.CharField(
        _("municipality code"), max_length=6, blank=True, help_text=_("Only for a municipality: GM and four digits.")
    )
    regions = models.ManyToManyField(Region, verbose_name=_("SWV regions"), blank=True, related_name="organisations")
    municipality = models.ForeignKey(
        "self",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"type": OrganisationType.GEMEENTE},
    )
    support_profile_url = models.URLField(_("school support profile (SOP)"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["brin", "vestiging"],
                condition=~models.Q(brin=""),
                name="organisation_unique_brin_vestiging",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage(self) -> str | None:
        """The matrix stage code this organisation stands for, e.g. BAO or VSO."""
        return TYPE_TO_STAGE.get(self.type)

    @property
    def brin_vestiging(self) -> str:
        return f"{self.brin}{self.vestiging}" if self.brin else ""

    @property
    def is_swv(self) -> bool:
        return self.type in SWV_TYPES

    def clean_fields(self, exclude=None):
        # Normalise first, so " 12ab " is accepted as 12AB and a wrong length gets the message naming the format.
        self.brin = (self.brin or "").strip().upper().replace(" ", "")
        self.vestiging = (self.vestiging or "").strip()
        self.gemeente_code = (self.gemeente_code or "").strip().upper()
        exclude = set(exclude or ())
        if self.brin and not BRIN_RE.match(self.brin):
            exclude.add("brin")  # clean() explains the format
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.type in SCHOOL_TYPES:
            if not self.brin:
                errors["brin"] = _("BRIN: a school needs a BRIN code.")
            elif not BRIN_RE.match(self.brin):
                errors["brin"] = _("BRIN: use two digits followed by two capital letters, e.g. 12AB.")
            if self.vestiging and not VESTIGING_RE.match(self.vestiging):
                errors["vestiging"] = _("Branch number: use two digits, e.g. 00 or 01.")
        elif self.brin or self.vestiging:
            errors["brin"] = _("BRIN: only schools have a BRIN code.")
        if self.type == OrganisationType.GEMEENTE:
            if not GEMEENTE_CODE_RE.match(self.gemeente_code):
                errors["gemeente_code"] = _("Municipality code: use GM followed by four digits, e.g. GM0363.")
        elif self.gemeente_code:
            errors["gemeente_code"] = _("Municipality code: only a municipality has one.")
        if self.municipality_id and self.municipality and self.municipality.type != OrganisationType.GEMEENTE:
            errors["municipality"] = _("Municipality: choose an organisation of the type municipality.")
        if errors:
            raise ValidationError(errors)

    def clean_regions(self, regions) -> None:
        """Checks the regions against the type: an SWV governs exactly one region of its own sector."""
        regions = list(regions)
        if self.type in SWV_TYPES:
            sector = Sector.PO if self.type == OrganisationType.SWV_PO else Sector.VO
            if len(regions) != 1 or regions[0].sector != sector:
                raise ValidationError(
                    {"regions": _("SWV regions: a samenwerkingsverband belongs to exactly one region of its sector.")}
                )
        for region in regions:
            if self.type in PO_TYPES and region.sector != Sector.PO:
                raise ValidationError({"regions": _("SWV regions: a PO school belongs to a PO region.")})
            if self.type in VO_TYPES and region.sector != Sector.VO:
                raise ValidationError({"regions": _("SWV regions: a VO school belongs to a VO region.")})
