"""Words for the codes of this app's parts, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, PUPIL_ACTION, register

register(
    PART,
    {
        "thuiszitters.AbsenceReport": _("absence"),
        "thuiszitters.Route": _("route back to school"),
        "thuiszitters.RouteEvent": _("route back to school"),
    },
)
register(
    PUPIL_ACTION,
    {
        "view_route": _("route back to school"),
        "act_route": _("route back to school"),
        "view_route_support": _("route back to school"),
        "record_absence": _("absence"),
    },
)
