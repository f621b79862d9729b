"""What happens in the dossier, announced to the apps above it (which the dossier may not import).

``correction_changed`` is sent by ``workflow.change_status`` inside its transaction (a request asked or answered),
with the request as it is now; the signal engine re-syncs the overdue-answer signal of that pupil on it.
"""

from django.dispatch import Signal

correction_changed = Signal()  # sender: CorrectionRequest; keyword: correction
