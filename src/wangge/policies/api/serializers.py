from rest_framework import serializers

from ..models import PolicyVersion


class PolicyVersionSerializer(serializers.ModelSerializer):
    applied_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="policyversion-detail")

    class Meta:
        model = PolicyVersion
        fields = ["id", "url", "code", "name", "effective_from", "effective_to", "status", "applied_by", "applied_at",
                  "document", "yaml_text", "created", "updated"]
        read_only_fields = fields


class PreviewRequestSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False)
    today = serializers.DateField(required=False, help_text="The day the plans are compared on (default: today).")


class PlanChangeSerializer(serializers.Serializer):
    followup_id = serializers.CharField()
    person = serializers.CharField()
    category = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    changes = serializers.JSONField()
    due_before = serializers.ListField(child=serializers.DateField())
    due_after = serializers.ListField(child=serializers.DateField())
    problem = serializers.CharField(allow_blank=True)


class PreviewSerializer(serializers.Serializer):
    version = serializers.CharField()
    current = serializers.CharField(allow_null=True)
    effective_from = serializers.DateField()
    today = serializers.DateField()
    examined = serializers.IntegerField()
    changes = PlanChangeSerializer(many=True)


class ActivateRequestSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False)
