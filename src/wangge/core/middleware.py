"""Binds the request's user and a request id to the change log for the duration of one request."""

import uuid

from .context import _request, _request_id


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        t1 = _request.set(request)
        t2 = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(t1)
            _request_id.reset(t2)
        response["X-Request-ID"] = request.id
        return response
