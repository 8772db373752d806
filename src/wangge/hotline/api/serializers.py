from rest_framework import serializers

from wangge.core.ids import mask_phone

from ..choices import Channel, Urgency
from ..models import Category, Department, Event, WorkOrder


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent", "time_limit_days", "urgent", "epidemic", "active"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "active"]


class EventSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Plain strings: the same choices as WorkOrder.state, which would otherwise get a second enum name.
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = Event
        fields = ["kind", "time", "actor_name", "from_state", "to_state", "department", "satisfaction", "on_time",
                  "note"]


class WorkOrderSerializer(serializers.ModelSerializer):
    """A work order; the caller's phone is masked unless the view reveals it (and logs the reveal)."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    duplicate_of = serializers.SlugRelatedField(slug_field="number", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    caller_phone = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = WorkOrder
        fields = ["id", "number", "channel", "caller_name", "caller_phone", "content", "address", "region_code",
                  "category", "category_name", "urgency", "state", "state_display", "department", "department_name",
                  "received_at", "deadline", "extended_deadline", "due_at", "dispatched_at", "sign_due_at",
                  "signed_at", "replied_at", "closed_at", "answer", "extension_requested_until", "urged",
                  "supervised", "satisfaction", "redo_count", "return_count", "duplicate_of", "overdue"]

    def get_caller_phone(self, obj) -> str:
        if self.context.get("reveal"):
            return obj.caller_phone
        return mask_phone(obj.caller_phone)


class WorkOrderDetailSerializer(WorkOrderSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(WorkOrderSerializer.Meta):
        fields = [*WorkOrderSerializer.Meta.fields, "events"]


class IntakeSerializer(serializers.Serializer):
    """What an operator enters at intake; `answer` answers at once, `department` dispatches at once."""

    content = serializers.CharField(allow_blank=True)
    category = serializers.CharField()
    region = serializers.CharField(required=False, allow_blank=True)
    caller_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    caller_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    answer = serializers.CharField(required=False, allow_blank=True)
    department = serializers.CharField(required=False, allow_blank=True)
    duplicate_of = serializers.CharField(required=False, allow_blank=True)


class TransitionSerializer(serializers.Serializer):
    """Arguments of a transition (each action uses the ones it needs)."""

    note = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)
    answer = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    until = serializers.DateField(required=False)
    satisfaction = serializers.CharField(required=False, allow_blank=True)
