"""Words for this app's codes, for the pages that show the audit trail (see ``core/labels.py``): its parts, and
the bases on which information is shared, which the legal-basis engine owns."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import BASIS, BASIS_PLAIN, PART, PUPIL_ACTION, register
from overstap.matrix.labels import LEGAL_BASES

register(PART, {"consent.Consent": _("consent"), "consent.BreakGlass": _("breaking confidentiality")})
register(
    BASIS,
    {
        **LEGAL_BASES,
        # A stored basis "toestemming:<id>" names the consent record it rested on at that moment (older rows may
        # say "toestemming:jeugdhulp", before the youth-care pages named their consent).
        "toestemming": _("with consent"),
        "doorbreking geheimhouding (veiligheid kind)": _("confidentiality broken for the safety of the child"),
    },
)
register(PUPIL_ACTION, {"break_glass": _("breaking confidentiality")})
# The same bases in the family's words (their who-looked page): what allowed it, without the legal term.
register(
    BASIS_PLAIN,
    {
        "wettelijke_plicht": _("The law says that the school must do this. No consent is needed for it."),
        "taak_swv": _(
            "The samenwerkingsverband needs it for a task the law gives it: finding the right support or school."
        ),
        "taak_leerplicht": _(
            "Leerplicht checks that every child has a school and goes there. It sees only where the child is "
            "registered and whether there is a place, never what the school wrote about support."
        ),
        "toestemming": _("Consent was given for this."),
    },
)
