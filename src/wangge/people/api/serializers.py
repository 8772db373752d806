from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core import ids
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
        grid = attrs.get("grid") or getattr(self.instance, "grid", None)
        household = attrs.get("household", getattr(self.instance, "household", None))
        if household is not None and grid is not None and household.grid_id != grid.pk:
            raise serializers.ValidationError({"household": _("The household belongs to another grid.")})
        if grid is not None:
            # The row carries its grid's code for scoping; a move must carry it along.
            attrs["region_code"] = grid.code
        id_number = attrs.get("id_number")
        if id_number and (self.instance is None or id_number != self.instance.id_number):
            attrs.setdefault("birth_date", ids.birth_date(id_number))
            attrs.setdefault("sex", ids.sex(id_number))
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
