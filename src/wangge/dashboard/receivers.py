"""What the command centre does when other apps report events."""

from . import figures


def on_worker_pass(sender, today, result, **kwargs):
    """Each worker pass: refresh today's figures when they are older than the refresh interval."""
    snapshot = figures.refresh_if_stale(today)
    return {"indicators_ms": snapshot.duration_ms} if snapshot is not None else {"indicators_ms": "fresh"}
