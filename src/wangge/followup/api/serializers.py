from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.serializers import (
    MaskedField,
    MaskedModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
)
from wangge.people.models import Resident
from wangge.regions.models import Region

from ..choices import NatResult, TransferTo, VisitOutcome, category_choices
from ..models import FollowUp, NatRecord, PlanPhase, Task, Visit


class PlanPhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanPhase
        fields = ["seq", "kind", "label", "start_date", "end_date"]


class NatRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = NatRecord
        fields = ["date", "phase", "sampled", "sampled_at", "result"]


class FollowUpSerializer(MaskedModelSerializer):
    """A follow-up; ID number and phone masked."""

    grid = serializers.SlugRelatedField(slug_field="code", read_only=True)
    phases = PlanPhaseSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "person_key", "resident", "id_number", "phone", "name", "source", "reporter_note", "category",
                  "area_code", "policy_code", "measure", "measure_label", "start_date", "end_date", "opened_on",
                  "state", "escalation_level", "region_code", "grid", "verified_at", "closed_at", "close_note",
                  "phases", "created", "updated"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["person_key"] = (MaskedField(kind="id" if len(instance.person_key) == 18 else "phone")
                              .to_representation(instance.person_key))
        return data


class FollowUpDetailSerializer(FollowUpSerializer):
    nat_records = NatRecordSerializer(many=True, read_only=True)

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "plan", "nat_records"]
        read_only_fields = fields


class FollowUpCreateSerializer(serializers.Serializer):
    """A person entered by hand: a resident of the registry, or ID number / phone / name and the region."""

    category = serializers.ChoiceField(choices=category_choices())
    start_date = serializers.DateField(help_text=_("Day 1 of the measure: the day of arrival."))
    resident = ScopedPrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False, allow_null=True)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=18)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False,
                                    allow_null=True)
    reporter_note = serializers.CharField(required=False, allow_blank=True)


class TaskSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="followup.name", read_only=True)
    followup_state = serializers.CharField(source="followup.state", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "followup", "person", "followup_state", "kind", "due_date", "due_at", "state", "overdue",
                  "outcome", "note", "done_by", "done_at", "attempts", "level", "escalated_at", "region_code"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ["id", "followup", "task", "temperature", "symptoms", "note", "outcome", "visited_by", "visited_at"]
        read_only_fields = fields


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerifySerializer(NoteSerializer):
    outcome = serializers.ChoiceField(choices=VisitOutcome.choices)
    grid = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.filter(level="grid"), required=False,
                                  allow_null=True, help_text=_("Assign an unmatched person to a grid."))
    no_grid_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                           help_text=_("Why an unmatched person who was found is not put on a grid."))


class TransferSerializer(NoteSerializer):
    to = serializers.ChoiceField(choices=TransferTo.choices, default=TransferTo.CENTRALIZED_ISOLATION)


class VisitInputSerializer(NoteSerializer):
    outcome = serializers.ChoiceField(choices=VisitOutcome.choices, default=VisitOutcome.REACHED)
    temperature = serializers.DecimalField(max_digits=3, decimal_places=1, required=False, allow_null=True)
    symptoms = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class NatInputSerializer(NoteSerializer):
    sampled = serializers.BooleanField(default=True)
    result = serializers.ChoiceField(choices=NatResult.choices, default=NatResult.PENDING)


class NewStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    followup_state = serializers.CharField()
    task_state = serializers.CharField(required=False)
    level = serializers.CharField(required=False)
    attempts = serializers.IntegerField(required=False)
    alert = serializers.BooleanField(required=False)
