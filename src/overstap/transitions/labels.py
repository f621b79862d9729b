"""Words for the codes of this app's parts and bases, for the pages that show the audit trail
(see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import BASIS, BASIS_PLAIN, PART, PUPIL_ACTION, register

register(
    PART,
    {
        "transitions.TransitionCase": _("transition"),
        "transitions.ChecklistItem": _("transition checklist"),
        "transitions.ProtocolItem": _("transition checklist"),
        "transitions.Handover": _("handover"),
        "transitions.Notification": _("transition"),
        "transitions.Meeting": _("transition meeting"),
        "transitions.Participant": _("transition meeting"),
        "transitions.Agreement": _("agreements of the transition"),
        "transitions.MentorNote": _("mentor page"),
        "transitions.Feedback": _("feedback on the transition"),
        "transitions.ConsentAsk": _("question about consent"),
    },
)
register(BASIS, {"protocol": _("the region's transition protocol")})
register(
    BASIS_PLAIN,
    {"protocol": _("The schools in the region agreed together how a move to a new school goes, step by step.")},
)
register(PUPIL_ACTION, {"open_transition": _("transition")})
