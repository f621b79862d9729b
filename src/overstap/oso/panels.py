"""The OSO download on the handover page, for those who may take the handover out as an OSO dossier."""

from django.urls import reverse

from overstap.core.panels import HANDOVER_PAGE, Panel, register


def export_context(request, case, allowed: set[str]) -> dict | None:
    if "oso_export" not in allowed:
        return None
    return {"url": reverse("oso:export", args=[case.pk])}


register(
    Panel(
        name="oso_export",
        template="oso/panel_export.html",
        context=export_context,
        actions=("oso_export",),
        slot=HANDOVER_PAGE,
    )
)
