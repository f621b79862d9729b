"""Telling an organisation that something waits for it (signals that need someone's attention: ``monitoring``).

A notification appears in the application; its e-mail names no pupil, only that something waits and where.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from overstap.accounts.roles import DOSSIER_OWNER_ROLES
from overstap.authz.policy import can

from .models import Notification, NotificationKind, TransitionCase

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
