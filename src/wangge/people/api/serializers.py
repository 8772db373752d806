from rest_framework import serializers

from wangge.core.serializers import MaskedField, MaskedModelSerializer, ScopedSlugRelatedField
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from ..models import Household, Resident


class ResidentSerializer(MaskedModelSerializer):
    """A resident; `grid` and `household` are looked up inside the caller's jurisdiction, so a resident can be
    neither created in nor moved to a grid the caller does not cover (400 naming the field)."""

    grid = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.filter(level=RegionLevel.GRID))
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    household = ScopedSlugRelatedField(slug_field="key", queryset=Household.objects.all(), required=False,
                                       allow_null=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Resident
        fields = ["id", "id_number", "name", "sex", "birth_date", "age", "phone", "grid", "grid_name", "region_code",
                  "household", "address", "residence_type", "no_smartphone", "created", "updated"]
        read_only_fields = ["region_code"]

    def validate(self, attrs):
        # The grid, household, name and the agreement of birth date and sex with the ID number are the
        # actions' rules (people/actions.py), checked inside their transaction.
        return attrs


class ResidentRevealSerializer(serializers.ModelSerializer):
    """The full ID number and phone of one resident: only built by the logged reveal action."""

    id_number = MaskedField(kind="id", read_only=True)
    phone = MaskedField(kind="phone", read_only=True)

    class Meta:
        model = Resident
        fields = ["id", "name", "id_number", "phone"]


class HouseholdSerializer(serializers.ModelSerializer):
    grid = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Household
        fields = ["id", "key", "grid", "region_code", "address", "created", "updated"]
