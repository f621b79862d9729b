"""Who downloads a child's whole dossier (AVG articles 15 and 20).

The one who exercises the pupil's privacy rights: a parent with parental authority while the pupil is under 16,
the pupil themself from 16 (the same split as for consent and for a correction request). A carer or a parent
without parental authority gets only general information about the child (art. 1:377c BW), never a copy of the
dossier; a professional never downloads a family's copy. What the download holds is read through each app's own
rules, so it never holds more than the same person can open page by page.
"""

from django.db.models import Q

from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.pupils.scopes import acting_as_family, rights_pupils


@rule("pupils.Pupil", "download_dossier")
def pupil_download_dossier(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pk__in=rights_pupils(actor))
    return None
