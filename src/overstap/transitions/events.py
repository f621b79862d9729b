"""What happens to a case, announced to the apps above transitions (which transitions may not import).

``case_changed`` is sent by ``workflow.change_status`` inside its transaction, with the case as it is now; a
listener that writes does so in the same transaction, so a step that fails leaves nothing behind.
"""

from django.dispatch import Signal

case_changed = Signal()  # sender: TransitionCase; keyword: case
