from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer
from wangge.regions import codes

from ..imports import AREA_LENGTHS
from ..models import Flag, RiskArea, ScreeningRun


class RiskAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskArea
        fields = ["id", "area_code", "area_name", "level", "effective_from", "effective_to", "notice", "created",
                  "updated"]
        read_only_fields = ["created", "updated"]

    def validate_area_code(self, value):
        if not codes.is_code(value, AREA_LENGTHS):
            raise serializers.ValidationError(_("The area code must have 6, 9 or 12 digits."))
        return value

    def validate(self, attrs):
        start = attrs.get("effective_from", getattr(self.instance, "effective_from", None))
        end = attrs.get("effective_to", getattr(self.instance, "effective_to", None))
        if start and end and end < start:
            raise serializers.ValidationError({"effective_to": _("Lifted before it took effect.")})
        return attrs


class ScreeningRunSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()
    flags_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScreeningRun
        fields = ["id", "created", "user", "as_of", "file_name", "policy_code", "lookback_days", "retro_days",
                  "risk_area_source", "records_read", "records_rejected", "people", "flags_total", "flags_high",
                  "flags_medium", "flags_same_city", "matched", "routed", "unroutable", "followups_opened"]
        read_only_fields = fields


class ScreeningUploadSerializer(serializers.Serializer):
    """POST /api/screening-runs/: a pushed list (multipart) and the screening time."""

    file = serializers.FileField(help_text=_("travel_records CSV (UTF-8 / GBK), .xlsx or .parquet"))
    as_of = serializers.DateTimeField(help_text=_("Screening time; no offset means +08:00."))
    dry_run = serializers.BooleanField(default=False, help_text=_("Compute and report only; store nothing."))
    lookback_days = serializers.IntegerField(required=False, min_value=0, max_value=365)
    retro_days = serializers.IntegerField(required=False, min_value=0, max_value=365)


class ScreeningSummarySerializer(serializers.Serializer):
    """The answer to a dry run: the counts and the flags (masked)."""

    records_read = serializers.IntegerField()
    rejected = serializers.IntegerField()
    people = serializers.IntegerField()
    flags = serializers.IntegerField()
    high = serializers.IntegerField()
    medium = serializers.IntegerField()
    same_city = serializers.IntegerField()
    matched = serializers.IntegerField()
    matched_by_phone = serializers.IntegerField()
    routed = serializers.IntegerField()
    unroutable = serializers.IntegerField()
    lookback_days = serializers.IntegerField()
    retro_days = serializers.IntegerField()
    policy_code = serializers.CharField()
    warnings = serializers.ListField(child=serializers.CharField())
    flag_rows = serializers.ListField(child=serializers.DictField())


class FlagSerializer(MaskedModelSerializer):
    grid_code = serializers.CharField(source="grid.code", default="", read_only=True)
    routed_to_code = serializers.CharField(source="routed_to.code", default="", read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "run", "person_key", "id_number", "phone", "name", "category", "area_code", "place_code",
                  "arrived_at", "left_at", "destination_code", "resident", "matched_by", "grid_code",
                  "routed_to_code", "region_code"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The person key is an ID number or a phone: masked the same way.
        key = instance.person_key
        if not (self.context.get("reveal")):
            from wangge.core.ids import mask_id, mask_phone

            data["person_key"] = mask_id(key) if key == instance.id_number else mask_phone(key)
        return data
