"""Signals the policies app sends; receivers connect in their own AppConfig.ready() (DESIGN.md, cross-app events)."""

from django.dispatch import Signal

# Sent inside the activation's transaction, after a version became active (kwargs: version, previous, actor).
# A receiver may return a count of what it changed (follow-up: the plans recomputed).
policy_activated = Signal()
