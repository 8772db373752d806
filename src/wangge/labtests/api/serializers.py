from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer

from ..choices import EventKind, TubeResult
from ..models import Campaign, Sample, SamplingSite, TemporaryControl, Terminal, Tube


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "name", "region", "region_code", "start_date", "end_date", "status", "default_pool_size"]
        read_only_fields = ["region_code"]


class SamplingSiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = SamplingSite
        fields = ["id", "campaign", "name", "kind", "region", "region_code", "address", "opens", "closes"]
        read_only_fields = ["region_code"]


class TerminalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Terminal
        fields = ["id", "code", "site", "region_code", "last_sync"]
        read_only_fields = ["region_code", "last_sync"]


class TubeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tube
        fields = ["id", "barcode", "campaign", "site", "terminal", "region_code", "pool_size", "members", "state",
                  "opened_at", "closed_at", "result", "tested_at", "lab"]


class SampleSerializer(MaskedModelSerializer):
    barcode = serializers.CharField(source="tube.barcode", read_only=True)

    class Meta:
        model = Sample
        fields = ["id", "barcode", "campaign", "resident", "id_number", "name", "phone", "region_code",
                  "scanned_at", "in_other_tube"]


class ScanEventSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64)
    type = serializers.ChoiceField(choices=EventKind.choices)
    at = serializers.DateTimeField()
    barcode = serializers.CharField(max_length=40)
    terminal = serializers.CharField(required=False, help_text=_("Defaults to the batch's terminal."))
    pool_size = serializers.IntegerField(required=False, help_text=_("open_tube only"))
    id_number = serializers.CharField(required=False, help_text=_("add_person only"))
    name = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)


class EventListField(serializers.ListField):
    """A list of raw events. Each event is validated by the sync itself, which rejects a bad event with its reason
    and keeps the rest of the batch; this field only checks the list's shape (one pass, no per-item fields)."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return data


class SyncBatchSerializer(serializers.Serializer):
    terminal = serializers.CharField(max_length=40)
    events = EventListField(child=serializers.DictField(), max_length=1000,
                            help_text=_("Scan events (see ScanEvent); each is validated on its own."))


class SyncResultSerializer(serializers.Serializer):
    accepted = serializers.ListField(child=serializers.CharField())
    pending = serializers.ListField(child=serializers.CharField())
    duplicates = serializers.ListField(child=serializers.CharField())
    rejected = serializers.ListField(child=serializers.DictField())


class ResultRowSerializer(serializers.Serializer):
    barcode = serializers.CharField(max_length=40)
    result = serializers.ChoiceField(choices=TubeResult.choices)
    tested_at = serializers.DateTimeField()
    lab = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class ResultBatchSerializer(serializers.Serializer):
    results = ResultRowSerializer(many=True)


class ResultSummarySerializer(serializers.Serializer):
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    unknown = serializers.ListField(child=serializers.CharField())
    controlled = serializers.IntegerField()
    released = serializers.IntegerField()
    confirmed = serializers.IntegerField()


class TemporaryControlSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="sample.name", read_only=True)
    barcode = serializers.CharField(source="tube.barcode", read_only=True)

    class Meta:
        model = TemporaryControl
        fields = ["id", "barcode", "name", "resident", "region_code", "state", "followup_id", "created"]


class LatestNegativeSerializer(serializers.Serializer):
    tested_at = serializers.DateTimeField(allow_null=True)
    age_hours = serializers.FloatField(allow_null=True)
