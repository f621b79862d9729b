"""Changes that make a pupil count, or stop counting, reach the "at home" signal at once: a move set to
"thuiszitter" becomes an absence report without permission (the register's record of it), and a new or ended
enrolment re-syncs the pupil (it may leave the pupil enrolled nowhere, or give a place back). The daily run picks
up what time alone changes (the fourth week of an absence, a birthday)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from overstap.pupils.models import Enrolment
from overstap.transitions.events import case_changed
from overstap.transitions.models import Status

from . import services


@receiver(case_changed, dispatch_uid="thuiszitters.case_changed")
def on_case_changed(sender, case, **kwargs):
    if case.status == Status.THUISZITTER:
        services.record_from_case(case)
        services.resync(case.pupil)


@receiver(post_save, sender=Enrolment, dispatch_uid="thuiszitters.enrolment_saved")
def on_enrolment_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        services.resync(instance.pupil)
