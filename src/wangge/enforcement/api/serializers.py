"""Serializers of the joint-punishment API (read): cases with their steps, and the departments' measures."""

from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer

from ..models import CaseStep, Measure, ViolationCase


class CaseStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseStep
        fields = ["id", "kind", "on", "recorded_at", "actor_name", "people", "note", "data", "phase_after"]


class ViolationCaseSerializer(MaskedModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    steps = CaseStepSerializer(many=True, read_only=True)

    class Meta:
        model = ViolationCase
        fields = ["id", "number", "kind", "place", "address", "region_code", "region_name", "party_kind",
                  "party_name", "party_id_number", "party_phone", "found_on", "description", "area_m2", "phase",
                  "phase_since", "due_on", "approved_on", "correction", "corrected_on", "demolition_hours",
                  "lift_applied_on", "lifted_on", "steps"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm("enforcement.change_violationcase"):
            data.pop("party_id_number", None)  # a member department works by name and case number
            data.pop("party_phone", None)
        return data


class MeasureSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    party_name = serializers.CharField(source="case.party_name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "case", "case_number", "party_name", "department", "department_name", "measure", "state",
                  "due_on", "applied_on", "report", "reported_at", "lifted_on"]


class MeasureReportSerializer(serializers.Serializer):
    applied_on = serializers.DateField()
    report = serializers.CharField(max_length=2000)
