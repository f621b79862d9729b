"""Dossier categories and recipient types: the two axes of the legal-basis engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    IDENTITEIT = "identiteit", _("Identity (name, date of birth)")
    BSN = "bsn", _("Citizen service number (BSN)")
    INSCHRIJVING = "inschrijving", _("Enrolment and place")
    AANWEZIGHEID = "aanwezigheid", _("Attendance and absence")
    ONTWIKKELING = "ontwikkeling", _("Development")
    THUISSITUATIE = "thuissituatie", _("Home situation")
    ONDERSTEUNINGSBEHOEFTEN = "ondersteuningsbehoeften", _("Educational and support needs")
    WERKZAME_ELEMENTEN = "werkzame_elementen", _("What works")
    GEBODEN_ONDERSTEUNING = "geboden_ondersteuning", _("Support given")
    HANDELINGSADVIEZEN = "handelingsadviezen", _("Practical advice for the teacher")
    SCHOOLADVIES_TOETSEN = "schooladvies_toetsen", _("School advice and tests")
    REDEN_OVERSTAP = "reden_overstap", _("Reason for the move")
    OPP = "opp", _("Development perspective plan (OPP)")
    ARRANGEMENT = "arrangement", _("Arrangement and plan of approach")
    SWV_BESLUIT = "swv_besluit", _("Decisions of the samenwerkingsverband")
    JEUGDHULP = "jeugdhulp", _("Youth care")
    ZAT_MDO = "zat_mdo", _("Notes of care team meetings (ZAT/MDO)")
    GEZONDHEID = "gezondheid", _("Health and youth health care")
    BIJLAGEN = "bijlagen", _("Extra documents")
    ZIENSWIJZE = "zienswijze", _("Views of pupil and parents")
    GEBOORTEPLAATS = "geboorteplaats", _("Place of birth")
    NATIONALITEIT = "nationaliteit", _("Nationality")
    VERWIJSINDEX = "verwijsindex", _("Verwijsindex data")


# Health, youth care and care-team notes: from 16 the pupil decides, so parents read these only for younger pupils.
SENSITIVE_CATEGORIES = (Category.GEZONDHEID, Category.JEUGDHULP, Category.ZAT_MDO)


class Recipient(models.TextChoices):
    SCHOOL = "school", _("Receiving school or pre-school")
    SWV = "swv", _("Samenwerkingsverband")
    LEERPLICHT = "leerplicht_rmc", _("Leerplicht/RMC of the municipality")
    JEUGDHULP = "jeugdhulp", _("Youth care, district team or CJG")
    GEMEENTE = "gemeente", _("Municipality (other than leerplicht/RMC)")


class Basis(models.TextChoices):
    WETTELIJKE_PLICHT = "wettelijke_plicht", _("Legal duty")
    TAAK_SWV = "taak_swv", _("Task of the samenwerkingsverband")
    TOESTEMMING = "toestemming", _("Consent needed")
    TAAK_LEERPLICHT = "taak_leerplicht", _("Task of leerplicht/RMC")
    VERBODEN = "verboden", _("Never shared")
