"""What follow-up does when other apps announce something (connected in FollowupConfig.ready())."""

from . import actions


def on_policy_activated(sender, *, version, previous, actor, **kwargs) -> int | None:
    """A policy version was activated: if it is in force today, everyone under follow-up gets the new plan, in the
    activation's own transaction. Returns how many plans changed (the activation reports it)."""
    from wangge.core import clock

    if not version.is_in_force(clock.today()):
        return None
    return actions.do_recompute_plans(actor, version.document)
