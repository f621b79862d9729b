"""Named groups of transition statuses, as plain strings so the rule set can import them before apps are loaded.

One place for what "registered", "sent" and "opened" mean: the access rules, feedback and notifications all ask it.
"""

# After the pupil was registered at the receiving school (including the exits that follow a placement).
REGISTERED_ON = (
    "aangemeld",
    "inzage_ouders",
    "verzonden",
    "ontvangen",
    "geopend",
    "warme_overdracht",
    "geplaatst",
    "gestart",
    "nazorg",
    "afgerond",
    "no_show",
    "uitgevallen",
)
# From the parents' inspection on: the family reads the report.
INSPECTION_ON = REGISTERED_ON[REGISTERED_ON.index("inzage_ouders") :]
# Once the handover has been sent: the receiving school reads it.
SENT_ON = REGISTERED_ON[REGISTERED_ON.index("verzonden") :]
# Once the receiving school opened it: it works with it (mentor page, judging the handover).
OPENED_ON = REGISTERED_ON[REGISTERED_ON.index("geopend") :]
# Once the pupil started at the new school: how the pupil is doing can be told.
STARTED = ("gestart", "nazorg", "afgerond")
# The family (and the samenwerkingsverband) follow a case from registration on, or as soon as there is no place.
FOLLOWED = (*REGISTERED_ON, "geen_plek", "thuiszitter")
