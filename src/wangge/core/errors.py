"""Refusals of named actions, each with the HTTP status an API answers with and, for bad input, the field.

Actions raise these; the API turns one into a response with `refusal_response`, a page into a form error."""

from rest_framework.response import Response


class ActionError(Exception):
    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def status(self) -> int:
        return self.status_code


class Invalid(ActionError):
    """Bad input (400, the field named)."""

    status_code = 400


class NotPermitted(ActionError):
    status_code = 403


class NotFound(ActionError):
    """Not in the caller's jurisdiction, or not there at all (404: existence does not leak)."""

    status_code = 404


class Conflict(ActionError):
    """The object's state forbids the action: already closed, a transition the state machine refuses (409)."""

    status_code = 409


def refusal_response(exc: ActionError) -> Response:
    """`{"field": ["message"]}` for bad input naming a field, else `{"detail": "message"}`."""
    body = {exc.field: [exc.message]} if exc.field and exc.status_code == 400 else {"detail": exc.message}
    return Response(body, status=exc.status_code)
