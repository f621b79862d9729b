"""Words for the codes of this app, for the pages that show the audit trail (see ``core/labels.py``)."""

from django.utils.translation import gettext_lazy as _

from overstap.core.labels import PART, PUPIL_ACTION, register

# The object type the audit trail names a download of the whole dossier by (there is no model behind it).
DOWNLOAD = "family.DossierDownload"

register(PART, {DOWNLOAD: _("download of the whole dossier")})
register(PUPIL_ACTION, {"download_dossier": _("download of the whole dossier")})
