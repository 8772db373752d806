from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer

from ..models import User


class UserSerializer(MaskedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True, default="")

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "region", "region_name", "phone", "is_active"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    """The caller's own account and what it may do (nested, so the role enum stays one schema component)."""

    user = UserSerializer(read_only=True)
    can_reveal = serializers.BooleanField(read_only=True)
