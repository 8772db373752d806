"""The work-order state machine of domain.md §8 as data (pure, no Django models).

Each action names the states it may start from and the state it leads to (None: the state does not change).
"""

from __future__ import annotations

from .choices import State

CENTRE = "centre"  # the 12345 centre: operators, supervisors, district administrators
DEPARTMENT = "department"  # the department holding the order

# action → (allowed from-states, to-state or None, who may do it)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None, str]] = {
    "answer_directly": (frozenset({State.RECEIVED}), State.ANSWERED, CENTRE),
    "queue": (frozenset({State.RECEIVED}), State.PENDING_DISPATCH, CENTRE),
    "dispatch": (frozenset({State.RECEIVED, State.PENDING_DISPATCH}), State.DISPATCHED, CENTRE),
    "sign": (frozenset({State.DISPATCHED}), State.IN_PROGRESS, DEPARTMENT),
    "reply": (frozenset({State.IN_PROGRESS}), State.REPLIED, DEPARTMENT),
    "return_order": (frozenset({State.DISPATCHED, State.IN_PROGRESS}), State.PENDING_DISPATCH, DEPARTMENT),
    "request_extension": (frozenset({State.IN_PROGRESS}), None, DEPARTMENT),
    "approve_extension": (frozenset({State.IN_PROGRESS}), None, CENTRE),
    "reject_extension": (frozenset({State.IN_PROGRESS}), None, CENTRE),
    "urge": (frozenset({State.DISPATCHED, State.IN_PROGRESS}), None, CENTRE),
    "supervise": (frozenset({State.PENDING_DISPATCH, State.DISPATCHED, State.IN_PROGRESS}), None, CENTRE),
    "accept_reply": (frozenset({State.REPLIED}), State.PENDING_CALLBACK, CENTRE),
    "callback": (frozenset({State.PENDING_CALLBACK}), None, CENTRE),
    "close": (frozenset({State.PENDING_CALLBACK}), State.CLOSED, CENTRE),
    "redo": (frozenset({State.PENDING_CALLBACK}), State.IN_PROGRESS, CENTRE),
}


def allowed(action: str, state: str) -> bool:
    return state in TRANSITIONS[action][0]


def target(action: str, state: str) -> str:
    to_state = TRANSITIONS[action][1]
    return state if to_state is None else to_state


def actions_from(state: str, actor: str | None = None) -> list[str]:
    """The actions possible in `state` (for `actor` CENTRE/DEPARTMENT, or any)."""
    return [name for name, (sources, _, who) in TRANSITIONS.items()
            if state in sources and (actor is None or who == actor)]
