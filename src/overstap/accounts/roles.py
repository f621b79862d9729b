"""The roles people have in an organisation, and which organisation types each role belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.organisations.models import EDUCATION_TYPES, SCHOOL_TYPES, SWV_TYPES, OrganisationType


class Role(models.TextChoices):
    IB = "ib", _("Internal support coordinator (IB'er)")
    ZORGCOORDINATOR = "zorgcoordinator", _("Care coordinator")
    MENTOR = "mentor", _("Mentor or teacher")
    DECAAN = "decaan", _("Careers adviser (decaan)")
    VOORSCHOOL_MEDEWERKER = "voorschool_medewerker", _("Pre-school pedagogical staff")
    JGZ = "jgz", _("Youth health care (JGZ)")
    SWV_CONSULENT = "swv_consulent", _("SWV consultant")
    ORTHOPEDAGOOG = "orthopedagoog", _("Remedial educationalist")
    TLV_COMMISSIE = "tlv_commissie", _("Member of the TLV committee")
    LEERPLICHT = "leerplicht", _("Compulsory education officer")
    RMC = "rmc", _("RMC officer")
    JEUGDHULP = "jeugdhulp", _("Youth care worker")
    OVERSTAPCOACH = "overstapcoach", _("Transition coach")
    BELEID = "beleid", _("Policy officer")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Application manager")
    PRIVACY = "privacy", _("Privacy officer")


ALL_TYPES = frozenset(OrganisationType)
SCHOOL_ROLES = frozenset({Role.IB, Role.ZORGCOORDINATOR, Role.MENTOR, Role.DECAAN, Role.VOORSCHOOL_MEDEWERKER})
SWV_ROLES = frozenset({Role.SWV_CONSULENT, Role.ORTHOPEDAGOOG, Role.TLV_COMMISSIE})
# Roles that own a pupil's dossier at school and may see who looked at it.
DOSSIER_OWNER_ROLES = frozenset({Role.IB, Role.ZORGCOORDINATOR})
# Roles at the pupil's current school (or pre-school) who read the dossier to work with the pupil.
DOSSIER_READER_ROLES = DOSSIER_OWNER_ROLES | {Role.MENTOR, Role.DECAAN, Role.VOORSCHOOL_MEDEWERKER}
# Roles at the municipality who see registration and place, never support content.
ATTENDANCE_ROLES = frozenset({Role.LEERPLICHT, Role.RMC})

ROLE_ORGANISATION_TYPES: dict[str, frozenset] = {
    Role.IB: frozenset(EDUCATION_TYPES),
    Role.ZORGCOORDINATOR: frozenset(EDUCATION_TYPES),
    Role.MENTOR: frozenset(SCHOOL_TYPES),
    Role.DECAAN: frozenset({OrganisationType.VO, OrganisationType.PRO, OrganisationType.VSO, OrganisationType.MBO}),
    Role.VOORSCHOOL_MEDEWERKER: frozenset({OrganisationType.VOORSCHOOL}),
    Role.JGZ: frozenset({OrganisationType.JEUGDHULP, OrganisationType.GEMEENTE}),
    Role.SWV_CONSULENT: frozenset(SWV_TYPES),
    Role.ORTHOPEDAGOOG: frozenset(SWV_TYPES),
    Role.TLV_COMMISSIE: frozenset(SWV_TYPES),
    Role.LEERPLICHT: frozenset({OrganisationType.GEMEENTE}),
    Role.RMC: frozenset({OrganisationType.GEMEENTE}),
    Role.JEUGDHULP: frozenset({OrganisationType.JEUGDHULP, OrganisationType.GEMEENTE}),
    Role.OVERSTAPCOACH: frozenset(
        {
            OrganisationType.VO,
            OrganisationType.PRO,
            OrganisationType.VSO,
            OrganisationType.MBO,
            *SWV_TYPES,
            OrganisationType.GEMEENTE,
        }
    ),
    Role.BELEID: frozenset({*SWV_TYPES, OrganisationType.GEMEENTE}),
    Role.FUNCTIONEEL_BEHEERDER: ALL_TYPES,
    Role.PRIVACY: ALL_TYPES,
}
