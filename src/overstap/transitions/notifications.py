"""Telling an organisation that something waits for it, and raising signals that need someone's attention.

A notification appears in the application; its e-mail names no pupil, only that something waits and where.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, Role
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import Notification, NotificationKind, Signal, SignalKind, SignalStatus, Status, TransitionCase

logger = logging.getLogger(__name__)


def _addresses(organisation, roles) -> list[str]:
    from overstap.accounts.models import Membership

    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(organisation=organisation, role__in=roles, start_date__lte=today)
        .exclude(end_date__lt=today)
        .select_related("user")
    )
    return sorted({m.user.email for m in memberships if m.user.email and m.user.is_active})


def notify(organisation, case: TransitionCase, kind: str, roles=DOSSIER_OWNER_ROLES) -> Notification:
    """An in-app notification for the organisation, announced by e-mail after the transaction commits."""
    notification = Notification.objects.create(organisation=organisation, case=case, kind=kind)
    addresses = _addresses(organisation, roles)
    if addresses:
        link = settings.OVERSTAP_BASE_URL.rstrip("/") + reverse("transitions:list")

        def send():
            with translation.override("nl"):
                subject = _("Overstap: %(what)s") % {"what": NotificationKind(kind).label}
                body = _(
                    "Something is waiting for your organisation in Overstap: %(what)s.\n\n"
                    "Log in to see it: %(link)s\n\n"
                    "This e-mail contains no details of the pupil on purpose."
                ) % {"what": NotificationKind(kind).label.lower(), "link": link}
            try:
                send_mail(subject, body, None, addresses)
            except OSError:  # the notification in the application stands; the mail is retried by nobody
                logger.exception("notification mail could not be sent (notification %s)", notification.pk)

        transaction.on_commit(send)
    return notification


def mark_read(user, notification: Notification) -> bool:
    """The organisation read the notification. The first reader is kept; True when this call was that read."""
    if not can(user, "view", notification):
        raise PermissionDenied
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by_name=str(user)
    )
    return updated == 1


def handle_signal(user, signal: Signal, *, request=None, automatic: bool = False) -> bool:
    """The one place a signal is marked handled, by its owner or by the step of the workflow that settles it.

    Two people at once (or a person and the workflow) handle it once: the row changes only while it is open, and
    only the call that changed it writes the audit event. Returns whether this call handled it."""
    if not automatic and not can(user, "handle", signal):
        raise PermissionDenied
    with transaction.atomic():
        updated = Signal.objects.filter(pk=signal.pk, status=SignalStatus.OPEN).update(
            status=SignalStatus.HANDLED, handled_at=timezone.now(), handled_by_name=str(user)
        )
        if updated:
            record(
                user,
                Action.UPDATE,
                signal,
                pupil_id=signal.case.pupil_id,
                request=request,
                detail={"handled": "automatic" if automatic else "by hand"},
            )
    return bool(updated)


def close_signals(case: TransitionCase, kind: str, user, *, request=None) -> None:
    """The workflow settled what the open signals of this kind were about (the handover was opened, the case
    ended)."""
    for signal in Signal.objects.filter(case=case, kind=kind, status=SignalStatus.OPEN).select_related("case"):
        handle_signal(user, signal, request=request, automatic=True)


def escalate_unopened(today: datetime.date | None = None, days: int | None = None) -> list[Signal]:
    """Raises a signal for every sent handover nobody at the receiving school opened, when the start date is
    ``days`` or fewer days away (or passed). The sending school, the receiving school and the samenwerkingsverband
    of the receiving school hear of it. Safe to run more than once a day."""
    from overstap.support.selectors import swv_for

    today = today or timezone.localdate()
    days = settings.OVERSTAP_HANDOVER_ESCALATION_DAYS if days is None else days
    limit = today + datetime.timedelta(days=days)
    cases = (
        TransitionCase.objects.filter(
            status__in=[Status.VERZONDEN, Status.ONTVANGEN], planned_on__isnull=False, planned_on__lte=limit
        )
        .exclude(signals__kind=SignalKind.NOT_OPENED, signals__status=SignalStatus.OPEN)
        .select_related("from_organisation", "to_organisation")
    )
    raised = []
    for case in cases:
        with transaction.atomic():
            signal = Signal.objects.create(
                case=case, kind=SignalKind.NOT_OPENED, owner=case.to_organisation, raised_on=today
            )
            notify(case.to_organisation, case, NotificationKind.NOT_OPENED)
            notify(case.from_organisation, case, NotificationKind.NOT_OPENED)
            swv = swv_for(case.to_organisation)
            if swv is not None:
                notify(swv, case, NotificationKind.NOT_OPENED, roles=(Role.SWV_CONSULENT,))
        raised.append(signal)
    return raised
