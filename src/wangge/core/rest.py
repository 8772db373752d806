"""DRF settings hooks: pagination and the exception handler (named in settings.REST_FRAMEWORK)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ActionError, refusal_response


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 1000


def exception_handler(exc, context):
    """DRF's own handler, plus: an action's refusal (`core.errors.ActionError`) answers its status with the field
    named; a Django ValidationError (raised by a model or an action) and a constraint
    violation that slipped past the serializer (a race) answer 400 naming the field, not 500.

    Objects outside the caller's jurisdiction are filtered out of the queryset before lookup, so they answer
    404 and their existence does not leak."""
    if isinstance(exc, ActionError):
        return refusal_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_error_detail(exc))
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("This conflicts with an existing record.")]})
    return drf_exception_handler(exc, context)


def _django_error_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {(api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): messages
                for key, messages in exc.message_dict.items()}
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
