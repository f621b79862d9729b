"""What the checkpoint tells the rest of the application. It imports no domain, so it announces instead of calling:
the audit trail listens and records every refusal."""

from django.dispatch import Signal

# Sent with request, user, obj and action when a user asked for an object they may not have.
access_denied = Signal()
