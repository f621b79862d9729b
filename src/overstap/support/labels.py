"""Words for the codes of this app's parts, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, PUPIL_ACTION, register

register(
    PART,
    {
        "support.SupportRequest": _("support request to the samenwerkingsverband"),
        "support.ExpertAdvice": _("expert advice"),
        "support.SwvDecision": _("decision of the samenwerkingsverband"),
    },
)
register(PUPIL_ACTION, {"request_support": _("support request to the samenwerkingsverband")})
