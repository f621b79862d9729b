"""Named groups of transition statuses: one place for what "registered", "sent" and "opened" mean. The access
rules, feedback and notifications all ask it."""

from .models import Status

# After the pupil was registered at the receiving school (including the exits that follow a placement).
REGISTERED_ON = (
    Status.AANGEMELD,
    Status.INZAGE_OUDERS,
    Status.VERZONDEN,
    Status.ONTVANGEN,
    Status.GEOPEND,
    Status.WARME_OVERDRACHT,
    Status.GEPLAATST,
    Status.GESTART,
    Status.NAZORG,
    Status.AFGEROND,
    Status.NO_SHOW,
    Status.UITGEVALLEN,
)
# From the parents' inspection on: the family reads the report.
INSPECTION_ON = REGISTERED_ON[REGISTERED_ON.index(Status.INZAGE_OUDERS) :]
# Once the handover has been sent: the receiving school reads it.
SENT_ON = REGISTERED_ON[REGISTERED_ON.index(Status.VERZONDEN) :]
# Once the receiving school opened it: it works with it (mentor page, judging the handover).
OPENED_ON = REGISTERED_ON[REGISTERED_ON.index(Status.GEOPEND) :]
# Once the pupil started at the new school: how the pupil is doing can be told.
STARTED = (Status.GESTART, Status.NAZORG, Status.AFGEROND)
# The family (and the samenwerkingsverband) follow a case from registration on, or as soon as there is no place.
FOLLOWED = (*REGISTERED_ON, Status.GEEN_PLEK, Status.THUISZITTER)
# Once the receiving school confirmed receipt, while the pupil is coming or came (not after a no-show or drop-out):
# it carries the plans it received on as its own.
RECEIVED_ON = REGISTERED_ON[REGISTERED_ON.index(Status.ONTVANGEN) : REGISTERED_ON.index(Status.AFGEROND) + 1]
