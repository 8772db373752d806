"""DRF settings hooks (imported by DRF's settings, so this module must not import DRF views)."""

from rest_framework import pagination
from rest_framework.views import exception_handler as drf_exception_handler


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 1000


def exception_handler(exc, context):
    """DRF's own handler; objects outside the caller's jurisdiction are filtered out of the queryset before
    lookup, so they answer 404 and their existence does not leak."""
    return drf_exception_handler(exc, context)
