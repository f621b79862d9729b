"""Changes raise and close their signals at once, in the transaction of the change itself: a step of a case
re-syncs the kinds that depend on a case (for that pupil only), an enrolment that ends (or a new one) re-syncs
"no place"."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from overstap.dossiers.events import correction_changed
from overstap.pupils.models import Enrolment
from overstap.transitions.events import case_changed

from . import engine
from .models import SignalKind


@receiver(case_changed, dispatch_uid="monitoring.case_changed")
def on_case_changed(sender, case, **kwargs):
    engine.sync_pupil(case.pupil)


@receiver(post_save, sender=Enrolment, dispatch_uid="monitoring.enrolment_saved")
def on_enrolment_saved(sender, instance, created, raw=False, **kwargs):
    # An enrolment that ends may leave the pupil without a place; a new one may give it back.
    if not raw:
        engine.sync_pupil(instance.pupil, [SignalKind.GEEN_PLEK])


@receiver(correction_changed, dispatch_uid="monitoring.correction_changed")
def on_correction_changed(sender, correction, **kwargs):
    # An answer closes the overdue-answer signal at once, in the answer's transaction.
    engine.sync(SignalKind.CORRECTIE_TERMIJN, pupil=correction.pupil)
