"""Who is acting and under which request id: set by the middleware for web requests, by `acting_as` for CLI."""

import contextvars
import uuid
from contextlib import contextmanager

_actor = contextvars.ContextVar("wangge_actor", default=None)
_request_id = contextvars.ContextVar("wangge_request_id", default="")
_suspended = contextvars.ContextVar("wangge_changelog_suspended", default=False)
_request = contextvars.ContextVar("wangge_request", default=None)


def current_actor():
    """The acting user: set explicitly (CLI), else the request's user, read late because DRF token
    authentication only sets it inside the view."""
    actor = _actor.get()
    if actor is not None:
        return actor
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def current_request_id() -> str:
    return _request_id.get()


def changelog_suspended() -> bool:
    return _suspended.get()


@contextmanager
def acting_as(user, request_id: str | None = None):
    """Run a block as `user` (a User or None) with a fresh request id; CLI commands wrap their work in this."""
    t1 = _actor.set(user)
    t2 = _request_id.set(request_id or uuid.uuid4().hex)
    try:
        yield
    finally:
        _actor.reset(t1)
        _request_id.reset(t2)


@contextmanager
def bulk_changes():
    """Suspend per-object change events inside a bulk path; the bulk path writes one batch event itself."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)
