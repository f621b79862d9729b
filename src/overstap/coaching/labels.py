"""Words for the codes of this app's parts, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, register

register(
    PART,
    {
        "coaching.Coaching": _("transition coaching"),
        "coaching.Contact": _("transition coaching"),
        "coaching.PlanGoal": _("transition coaching"),
    },
)
