from rest_framework import serializers

from wangge.hotline.models import WorkOrder

from ..models import Assignment, Material, Problem, Visit


class AssignmentSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.__str__", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "cadre", "cadre_name", "enterprise", "enterprise_name", "region_code", "start_date",
                  "end_date", "note"]


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["kind", "count"]


class ProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Problem
        fields = ["id", "visit", "enterprise", "region_code", "kind", "text", "collected_on", "solved", "solved_by",
                  "solved_at", "solution"]


class VisitSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    problems = ProblemSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "enterprise", "enterprise_name", "cadre", "region_code", "date", "checked", "help_given",
                  "materials", "problems"]


class HelpRequestSerializer(serializers.ModelSerializer):
    """A help request as its enterprise sees it (no caller phone, no internal notes)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    category_code = serializers.CharField(source="category.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    subject = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = WorkOrder
        fields = ["id", "number", "enterprise", "enterprise_name", "subject", "content", "category_code", "state",
                  "department_name", "received_at", "due_at", "finished_at", "closed_at", "answer", "satisfaction",
                  "redo_count", "steps"]

    def get_subject(self, obj) -> str:
        return obj.content.partition("\n")[0]

    def get_steps(self, obj) -> list[dict]:
        return [{"kind": e.kind, "time": e.time, "to_state": e.to_state} for e in obj.events.all()]


class HelpRequestInputSerializer(serializers.Serializer):
    subject = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)
