"""Words for the codes of this app's parts, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, PUPIL_ACTION, register

register(
    PART,
    {
        "dossiers.Entry": _("dossier"),
        "dossiers.EntryVersion": _("dossier"),
        "dossiers.CorrectionRequest": _("request to correct the dossier"),
        "dossiers.CorrectionEvent": _("request to correct the dossier"),
        "dossiers.Opp": _("plan (OPP)"),
        "dossiers.OppGoal": _("plan (OPP)"),
        "dossiers.OppEvaluation": _("plan (OPP)"),
        "dossiers.IntegralPlan": _("plan of approach"),
        "dossiers.PlanAction": _("plan of approach"),
        "dossiers.YouthCare": _("youth care"),
        "dossiers.CareTransition": _("youth care"),
    },
)
register(
    PUPIL_ACTION,
    {
        "view_dossier": _("dossier"),
        "write_dossier": _("dossier"),
        "write_plans": _("plan (OPP)"),
        "record_youth_care": _("youth care"),
    },
)
