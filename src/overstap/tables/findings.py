"""An agreement of an Overstaptafel that is overdue and not done becomes a signal for its owner, in the monitoring
engine. Registered from this app's ``ready()``: monitoring never imports the tafel.

The signal's cause names the tafel and the dates only, never what was agreed: leerplicht and RMC read causes, and
an agreement may touch on support. Its link goes to the agreement on the tafel page; it closes itself when the
agreement is done, the pupil is taken off the list or the tafel is cancelled.
"""

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from overstap.accounts.roles import Role
from overstap.monitoring import engine
from overstap.monitoring.findings import Finding, finding
from overstap.monitoring.models import SignalKind
from overstap.organisations.models import SWV_TYPES, OrganisationType

from .models import Agreement, Status

KIND = SignalKind.TAFEL_AFSPRAAK
DAYS_TO_ACT = 7


def owner_role(agreement: Agreement, today: datetime.date) -> str:
    """The role at the owner organisation that acts: the named person's, else the organisation's usual one."""
    if agreement.owner_person_id is not None:
        return agreement.owner_person.role
    kind = agreement.owner.type
    if kind in SWV_TYPES:
        return Role.SWV_CONSULENT
    if kind == OrganisationType.GEMEENTE:
        return Role.RMC if agreement.row.pupil.age_on(today) >= 18 else Role.LEERPLICHT
    if kind == OrganisationType.JEUGDHULP:
        return Role.JEUGDHULP
    return Role.IB  # at a school any of its dossier owners acts (monitoring's rules)


def _agreement_id(signal) -> int | None:
    prefix, _sep, pk = signal.cause_key.partition(":")
    return int(pk) if prefix == "agreement" and pk.isdigit() else None


def link(signal) -> str:
    agreement = Agreement.objects.filter(pk=_agreement_id(signal)).values_list("row__tafel_id", flat=True).first()
    if agreement is None:
        return reverse("pupils:detail", kwargs={"pk": signal.pupil_id})
    return reverse("tables:detail", kwargs={"pk": agreement}) + f"#afspraak-{_agreement_id(signal)}"


def close_note(signal) -> str:
    done = Agreement.objects.filter(pk=_agreement_id(signal), done_on__isnull=False).exists()
    if done:
        return _("Closed by itself: the agreement was marked done on the Overstaptafel.")
    return _("Closed by itself: the agreement no longer stands (the pupil left the list or the tafel was cancelled).")


@finding(KIND, case_bound=False, link=link, close_note=close_note)
def overdue_agreements(today, pupil=None) -> Iterable[Finding]:
    """An agreement past its date and not done, of a pupil still on a tafel that was not cancelled."""
    agreements = (
        Agreement.objects.filter(done_on__isnull=True, due_on__lt=today, row__removed_at__isnull=True)
        .exclude(row__tafel__status=Status.CANCELLED)
        .select_related("row__pupil", "row__tafel", "owner", "owner_person")
        .order_by("pk")
    )
    if pupil is not None:
        agreements = agreements.filter(row__pupil=pupil)
    for agreement in agreements:
        yield Finding(
            KIND,
            f"agreement:{agreement.pk}",
            agreement.row.pupil,
            agreement.owner,
            owner_role(agreement, today),
            _("An agreement of the Overstaptafel of %(day)s was due on %(due)s and is not done.")
            % {
                "day": agreement.row.tafel.held_on.strftime("%d-%m-%Y"),
                "due": agreement.due_on.strftime("%d-%m-%Y"),
            },
            today + datetime.timedelta(days=DAYS_TO_ACT),
        )


def resync_pupil(pupil, today=None) -> None:
    """Brings the pupil's agreement signals in line at once (an agreement done, a pupil removed)."""
    engine.sync(KIND, today, pupil=pupil)


def resync_tafel(tafel) -> None:
    for row in tafel.rows.select_related("pupil"):
        resync_pupil(row.pupil)
