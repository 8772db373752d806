"""Serializers of the inspections' API (read): inspections with their answers, findings, checklists, notices and
deliveries."""

from rest_framework import serializers

from ..models import Checklist, ChecklistItem, Delivery, Finding, Inspection, Notice, Result


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "position", "code", "text", "guidance"]


class ChecklistSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "code", "name", "version", "active", "description", "items"]


class ResultSerializer(serializers.ModelSerializer):
    item_text = serializers.CharField(source="item.text", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = ["item", "item_text", "answer", "note", "photos"]

    def get_photos(self, result) -> int:
        return result.photos.count()


class InspectionSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    results = ResultSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "enterprise", "enterprise_name", "region_code", "checklist", "campaign", "notice", "first",
                  "inspected_on", "state", "closed_at", "note", "results"]


class FindingSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    item_text = serializers.CharField(source="item.text", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "enterprise", "enterprise_name", "region_code", "item", "item_text",
                  "description", "deadline", "responsible", "state", "overdue", "level", "responsible_code",
                  "escalated_at", "closed_at", "closing_note"]


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "title", "text", "issuer", "region_code", "scope", "venue_kind", "venues",
                  "effective_from", "effective_until"]


class DeliverySerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "notice", "enterprise", "enterprise_name", "region_code", "delivered_at", "signer_name"]


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField()
