"""The home-page section "Overstaptafels": the next tafel one takes part in, and the open agreements of one's
organisation, for the roles that take part."""

from overstap.authz.actor import actor_for
from overstap.core.panels import HOME_PAGE, Panel, register

from .rules import TAKING_PART_ROLES
from .selectors import next_tafel, open_agreements_of

HOME_FIRST = 5


def home_context(request, _nothing, allowed: set[str]) -> dict | None:
    if actor_for(request.user).role not in TAKING_PART_ROLES:
        return None
    tafel = next_tafel(request.user)
    agreements = list(open_agreements_of(request.user)[:HOME_FIRST])
    if tafel is None and not agreements:
        return None
    return {
        "tafel": tafel,
        "agreements": agreements,
        "audit_ids": {"pupils.Pupil": [a.row.pupil_id for a in agreements]},
    }


register(Panel(name="tables", template="tables/panels/home.html", context=home_context, slot=HOME_PAGE, order=35))
