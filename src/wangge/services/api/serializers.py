from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.serializers import MaskedField

from ..choices import RATING_MAX, RATING_MIN, OrderChannel
from ..models import Attendance, JobPosting, JobSeeker, Order, Placement, ServiceItem, Training


class ServiceItemSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)

    class Meta:
        model = ServiceItem
        fields = ["id", "region", "region_code", "name", "category", "description", "team", "team_name", "active"]


class OrderSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name", read_only=True)
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    resident_phone = MaskedField(source="resident.phone", kind="phone", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True, default=None)

    class Meta:
        model = Order
        fields = ["id", "item", "item_name", "resident", "resident_name", "resident_phone", "region_code",
                  "community_code", "channel", "wanted_on", "note", "status", "ordered_at", "team", "team_name",
                  "volunteer", "volunteer_name", "taken_at", "done_at", "done_note", "rating", "rating_comment",
                  "rated_at", "cancelled_at", "cancel_reason"]


class NewOrderSerializer(serializers.Serializer):
    resident = serializers.IntegerField(label=_("Resident"))
    item = serializers.IntegerField(label=_("Service"))
    channel = serializers.ChoiceField(label=_("How ordered"), choices=OrderChannel.choices,
                                      default=OrderChannel.GRID_WORKER)
    wanted_on = serializers.DateField(label=_("Wanted on"), required=False, allow_null=True)
    note = serializers.CharField(label=_("What is wanted"), max_length=300, required=False, allow_blank=True)


class TakeSerializer(serializers.Serializer):
    team = serializers.IntegerField(label=_("Team"), required=False, allow_null=True)
    volunteer = serializers.IntegerField(label=_("Volunteer"), required=False, allow_null=True)


class DoneSerializer(serializers.Serializer):
    note = serializers.CharField(label=_("What was done"), max_length=300, required=False, allow_blank=True)


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(label=_("Rating"), min_value=RATING_MIN, max_value=RATING_MAX)
    comment = serializers.CharField(label=_("Comment"), max_length=300, required=False, allow_blank=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason for cancelling"), max_length=200)


class JobPostingSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobPosting
        fields = ["id", "region", "region_code", "enterprise", "employer_name", "title", "positions", "wage_min",
                  "wage_max", "requirements", "posted_on", "open"]


class JobSeekerSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    id_number = MaskedField(source="resident.id_number", kind="id", read_only=True)

    class Meta:
        model = JobSeeker
        fields = ["id", "resident", "resident_name", "id_number", "region_code", "landless", "skills", "wanted_work",
                  "registered_on", "active"]


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Training
        fields = ["id", "region", "region_code", "title", "date", "organiser", "place"]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "training", "seeker", "region_code"]


class PlacementSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="seeker.resident.name", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "seeker", "resident_name", "region_code", "posting", "enterprise", "employer_name", "job",
                  "placed_on", "monthly_wage"]
