"""The transitions' section on the pupil page: preparing a move."""

from overstap.core.panels import PUPIL_PAGE, Panel, register


def transition_context(request, pupil, allowed: set[str]) -> dict | None:
    return {} if "open_transition" in allowed else None


register(
    Panel(
        name="transition",
        template="transitions/panels/transition.html",
        context=transition_context,
        actions=("open_transition",),
        slot=PUPIL_PAGE,
        order=10,
    )
)
