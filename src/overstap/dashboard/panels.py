"""The dashboard's section on the home page of a policy officer (and leerplicht): the headline figures and the way
to the whole dashboard."""

from overstap.authz.actor import actor_for
from overstap.core.panels import HOME_PAGE, Panel, register

from .readings import readings
from .rules import reads_dashboard
from .selectors import headline


def home_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if not reads_dashboard(actor):
        return None
    head = headline(request.user)
    return {"headline": head, "readings": readings(head)}


register(Panel(name="dashboard", template="dashboard/panels/home.html", context=home_context, slot=HOME_PAGE, order=4))
