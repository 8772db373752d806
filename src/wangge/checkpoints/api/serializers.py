"""Serializers of the checkpoints' API. The check's body is read by `checkpoints.intake` (every refusal names its
field); the serializers here describe it for the OpenAPI schema and present the stored rows."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer

from ..choices import Decision, HealthCode
from ..models import Check, Checkpoint


class CheckpointSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Checkpoint
        fields = ["id", "code", "name", "kind", "region_code", "region_name", "address", "lat", "lon",
                  "monitoring_point", "active"]


class PersonSerializer(serializers.Serializer):
    id_number = serializers.CharField(required=False, help_text=_("ID number or phone: at least one."))
    phone = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    resident = serializers.IntegerField(required=False, help_text=_("A resident picked from the registry."))
    health_code = serializers.ChoiceField(choices=HealthCode.choices)
    itinerary_star = serializers.BooleanField(required=False, default=False)
    temperature = serializers.DecimalField(max_digits=4, decimal_places=1, required=False,
                                           help_text=_("°C, 34 to 43."))
    nat_certificate_at = serializers.DateTimeField(required=False,
                                                   help_text=_("A negative result shown on paper or from elsewhere."))
    mask = serializers.BooleanField(required=False, allow_null=True, help_text=_("Enterprise and compound gates."))
    stays = serializers.ListField(child=serializers.CharField(), required=False,
                                  help_text=_("Region codes of the places stayed in (matched with the risk areas)."))
    entered = serializers.BooleanField(required=False, default=False,
                                       help_text=_("Turned back or handed over, but enters anyway."))


class CheckRequestSerializer(PersonSerializer):
    event_id = serializers.CharField(max_length=64, help_text=_("Made by the device; a resend carries the same."))
    checked_at = serializers.DateTimeField(required=False, help_text=_("Default: now."))
    vehicle_plate = serializers.CharField(required=False)
    passengers = PersonSerializer(many=True, required=False)


class ResidentMatchSerializer(serializers.Serializer):
    matched = serializers.BooleanField()
    grid = serializers.CharField(required=False)
    id = serializers.IntegerField(required=False)
    name = serializers.CharField(required=False)


class PersonAnswerSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    decision_label = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    latest_negative_at = serializers.DateTimeField(allow_null=True)
    hours_since_negative = serializers.FloatField(allow_null=True)
    resident = ResidentMatchSerializer()
    followup_id = serializers.IntegerField(allow_null=True)
    fever = serializers.BooleanField()
    entered = serializers.BooleanField()


class CheckAnswerSerializer(PersonAnswerSerializer):
    event_id = serializers.CharField()
    check_id = serializers.IntegerField()
    checkpoint = serializers.CharField()
    checked_at = serializers.DateTimeField()
    policy = serializers.CharField()
    vehicle_plate = serializers.CharField(required=False)
    vehicle_decision = serializers.CharField(required=False, help_text=_("The most severe decision in the vehicle."))
    passengers = PersonAnswerSerializer(many=True, required=False)


class EventListField(serializers.ListField):
    """A list of raw checks: each is read and refused on its own by the sync (the rest of the batch is kept); this
    only checks the list's shape."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return data


class CheckBatchSerializer(serializers.Serializer):
    events = EventListField(child=serializers.DictField(), max_length=200,
                            help_text=_("Checks as for POST /api/checkpoints/{code}/checks/, each with `checkpoint`."))


class CheckBatchResultSerializer(serializers.Serializer):
    accepted = serializers.ListField(child=serializers.CharField())
    pending = serializers.ListField(child=serializers.CharField())
    duplicates = serializers.ListField(child=serializers.CharField())
    rejected = serializers.ListField(child=serializers.DictField())
    answers = serializers.DictField(child=serializers.DictField())


class CheckSerializer(MaskedModelSerializer):
    checkpoint = serializers.CharField(source="checkpoint.code", read_only=True)
    vehicle_decision = serializers.CharField(read_only=True, help_text=_("The vehicle's decision: the most severe of "
                                                                         "its people ('' without a vehicle)."))

    class Meta:
        model = Check
        fields = ["id", "event_id", "seq", "lead", "checkpoint", "region_code", "checked_at", "checked_by",
                  "id_number", "phone", "name", "resident", "health_code", "itinerary_star", "temperature",
                  "nat_certificate_at", "mask", "vehicle_plate", "entered", "decision", "reasons", "policy_code",
                  "latest_negative_at", "hours_since_negative", "vaccination_doses", "risk_areas",
                  "vehicle_decision", "followup", "followup_opened"]
