"""Words for this app's codes, for the pages that show the audit trail (see ``core/labels.py``): its parts, and
the bases on which information is shared, which the legal-basis engine owns."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import BASIS, PART, PUPIL_ACTION, register
from overstap.matrix.labels import LEGAL_BASES

register(PART, {"consent.Consent": _("consent"), "consent.BreakGlass": _("breaking confidentiality")})
register(
    BASIS,
    {
        **LEGAL_BASES,
        # A stored basis "toestemming:<id>" names the consent record; "toestemming:jeugdhulp" the youth care one.
        "toestemming": _("with consent"),
        "doorbreking geheimhouding (veiligheid kind)": _("confidentiality broken for the safety of the child"),
    },
)
register(PUPIL_ACTION, {"break_glass": _("breaking confidentiality")})
