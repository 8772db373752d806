from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer

from ..models import GridStaff, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "industrial", "created", "updated"]


class GridStaffSerializer(MaskedModelSerializer):
    grid = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = GridStaff
        fields = ["id", "grid", "grid_name", "name", "phone", "role", "party_role", "user", "created", "updated"]
