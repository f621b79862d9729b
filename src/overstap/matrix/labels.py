"""Display names for the codes used in the matrix data. UI strings, so they go through gettext."""

from django.utils.translation import gettext_lazy as _

ROLES = {
    "ib": _("Internal support coordinator (IB'er) or care coordinator"),
    "mentor": _("Mentor or teacher"),
    "decaan": _("Careers adviser (decaan)"),
    "voorschool_medewerker": _("Pre-school pedagogical staff"),
    "jgz": _("Youth health care (JGZ)"),
    "swv_consulent": _("Consultant of the samenwerkingsverband"),
    "orthopedagoog": _("Remedial educationalist or psychologist"),
    "tlv_commissie": _("Admissions committee (TLV) of the samenwerkingsverband"),
    "leerplicht": _("Compulsory education officer (leerplicht)"),
    "rmc": _("RMC officer (early school leavers)"),
    "jeugdhulp": _("Youth care, district team or CJG"),
    "overstapcoach": _("Transition coach"),
    "ouder": _("Parent or carer"),
    "leerling": _("Pupil or student"),
    "ontvangende_school": _("Receiving school"),
    "gemeente": _("Municipality"),
}

LEGAL_BASES = {
    "wettelijke_plicht": _("Legal duty"),
    "taak_swv": _("Task of the samenwerkingsverband"),
    "toestemming": _("Consent needed"),
    "taak_leerplicht": _("Task of leerplicht/RMC"),
}

LEGAL_BASIS_HELP = {
    "wettelijke_plicht": _(
        "Schools must hand this over. No consent is needed, but parents (and the pupil from 16) see it first "
        "and may add their view."
    ),
    "taak_swv": _("Needed for a task the law gives the samenwerkingsverband. Never includes the BSN."),
    "toestemming": _("Only shared with explicit consent, per category and per recipient. Consent can be withdrawn."),
    "taak_leerplicht": _(
        "Registration, attendance and whether the pupil has a place. Never support or health details."
    ),
}

CATEGORIES = {
    "ontwikkeling": _("Development"),
    "thuissituatie": _("Home situation"),
    "ondersteuningsbehoeften": _("Educational and support needs"),
    "werkzame_elementen": _("What works"),
    "geboden_ondersteuning": _("Support given"),
    "handelingsadviezen": _("Practical advice for the teacher"),
    "schooladvies_toetsen": _("School advice and tests"),
    "reden_overstap": _("Reason for the move"),
    "opp": _("Development perspective plan (OPP)"),
    "jeugdhulp": _("Youth care"),
    "zienswijze": _("Views of pupil and parents"),
    "aanmelding": _("Registration"),
    "swv_besluit": _("Decision of the samenwerkingsverband"),
    "overig": _("Other"),
}

DECISIONS = {
    "deskundigenadvies": _("Expert advice (deskundigenadvies)"),
    "tlv_sbo": _("Admission statement (TLV) for SBO"),
    "tlv_so": _("Admission statement (TLV) for SO"),
    "tlv_vso": _("Admission statement (TLV) for VSO"),
    "tlv_pro": _("Admission statement (TLV) for PrO"),
    "lwoo": _("Learning support in VO (LWOO)"),
    "arrangement": _("Arrangement (extra support)"),
}
