"""Serializer building blocks shared by every app's API.

- Personal data (ID numbers, phones) is validated on the way in and masked on the way out. It is shown in full
  only when the serializer context says `reveal=True` — which only an explicit, logged reveal action sets — and
  the request user holds the reveal permission. Holding the permission alone never unmasks a list.
- Related objects are looked up inside the caller's jurisdiction, so a write can neither attach to nor probe
  for an object outside it.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .ids import mask_id, mask_phone, normalize_id, normalize_phone

REVEAL_PERMISSION = "accounts.reveal_personal_data"
PERSONAL_FIELD_NAMES = ("id_number", "phone")


def can_reveal(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(REVEAL_PERMISSION))


def personal_kind(model, field_name: str) -> str | None:
    """'phone', 'id' or None: how a model field is masked (the model's `personal_fields` plus the usual names)."""
    personal = set(getattr(model, "personal_fields", ())) | set(PERSONAL_FIELD_NAMES)
    if field_name not in personal:
        return None
    return "phone" if "phone" in field_name else "id"


class MaskedField(serializers.CharField):
    """An ID number (`kind="id"`) or a mobile number (`kind="phone"`).

    In: normalised with core.ids (a bad value is a 400 naming the field, with the validator's message). A value
    equal to the masked form of the current value means "unchanged", so a GET → PUT round trip works.
    Out: `320684********1234` / `138****5678`, unless the context carries `reveal=True` and the user may reveal.
    """

    KINDS = {"id": (normalize_id, mask_id), "phone": (normalize_phone, mask_phone)}

    def __init__(self, kind: str = "id", **kwargs):
        if kind not in self.KINDS:
            raise ValueError(f"MaskedField kind must be 'id' or 'phone', not {kind!r}")
        self.kind = kind
        kwargs.setdefault("help_text", _("Masked unless explicitly revealed."))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unchanged = self._current_if_masked(value)
        if unchanged is not None:
            return unchanged
        normalize, _mask = self.KINDS[self.kind]
        try:
            return normalize(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_representation(self, value):
        value = super().to_representation(value)
        if self.revealed:
            return value
        _normalize, mask = self.KINDS[self.kind]
        return mask(value)

    @property
    def revealed(self) -> bool:
        request = self.context.get("request")
        return bool(self.context.get("reveal")) and can_reveal(getattr(request, "user", None))

    def _current_if_masked(self, value: str):
        instance = getattr(self.parent, "instance", None)
        if "*" not in value or instance is None or isinstance(instance, list | tuple) or not self.source:
            return None
        current = getattr(instance, self.source, None) or ""
        _normalize, mask = self.KINDS[self.kind]
        return current if current and mask(current) == value else None


class MaskedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose personal fields are MaskedFields, without declaring them one by one."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kind = personal_kind(self.Meta.model, field_name)
        if kind is not None:
            field_class = MaskedField
            kwargs["kind"] = kind
        return field_class, kwargs


class ScopedQuerysetMixin:
    """The related field's queryset is narrowed to the request user's jurisdiction."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.restrict(getattr(request, "user", None))


class ScopedSlugRelatedField(ScopedQuerysetMixin, serializers.SlugRelatedField):
    pass


class ScopedPrimaryKeyRelatedField(ScopedQuerysetMixin, serializers.PrimaryKeyRelatedField):
    pass
