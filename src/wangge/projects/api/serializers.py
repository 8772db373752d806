from rest_framework import serializers

from ..models import Milestone, Project


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["date", "text"]


class ProjectSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "region_code", "region_name", "quarter", "title", "category", "description", "responsible",
                  "budget", "planned_finish", "status", "progress", "published", "published_on", "done_on",
                  "milestones"]
