"""Words for the codes of this app's parts, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, PUPIL_ACTION, register

register(PART, {"doorstroom.Doorstroomdossier": _("doorstroomdossier")})
register(
    PUPIL_ACTION,
    {"view_doorstroom": _("doorstroomdossier"), "start_doorstroom": _("doorstroomdossier")},
)
