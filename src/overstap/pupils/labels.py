"""Words for the codes of this app's parts, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, PUPIL_ACTION, register

register(
    PART,
    {
        "pupils.Pupil": _("pupil page (registration and school career)"),
        "pupils.Enrolment": _("school career"),
        "pupils.Guardian": _("parents and guardians"),
        "pupils.FamilyLink": _("family accounts"),
    },
)
register(
    PUPIL_ACTION,
    {
        "list": _("pupil page (registration and school career)"),
        "view": _("pupil page (registration and school career)"),
        "view_audit": _("who looked at this pupil's data"),
        "view_family": _("parents and guardians"),
        "add_guardian": _("parents and guardians"),
    },
)
