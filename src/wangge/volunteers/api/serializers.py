from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.serializers import MaskedModelSerializer

from ..models import CadreDeployment, Post, Shift, SignUp, Team, Volunteer


class TeamSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)

    class Meta:
        model = Team
        fields = ["id", "name", "region", "region_code", "party_branch", "leader", "leader_name", "active"]


class VolunteerSerializer(MaskedModelSerializer):
    age = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Volunteer
        fields = ["id", "kind", "id_number", "name", "phone", "age", "team", "region", "region_code",
                  "party_member", "skills", "active"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "name", "kind", "checkpoint", "sampling_site", "region", "region_code", "team", "headcount",
                  "active"]


class ShiftSerializer(serializers.ModelSerializer):
    post_name = serializers.CharField(source="post.name", read_only=True)
    filled = serializers.IntegerField(source="n_filled", read_only=True)

    class Meta:
        model = Shift
        fields = ["id", "post", "post_name", "region_code", "start", "end", "needed", "filled", "team", "note"]


class SignUpSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)
    post_name = serializers.CharField(source="shift.post.name", read_only=True)

    class Meta:
        model = SignUp
        fields = ["id", "shift", "post_name", "volunteer", "volunteer_name", "start", "end", "source", "status",
                  "warnings", "checked_in_at", "checked_out_at", "hours", "approved_hours", "approved_at"]


class CadreDeploymentSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.__str__", read_only=True)

    class Meta:
        model = CadreDeployment
        fields = ["id", "cadre", "cadre_name", "department", "region", "region_code", "start_date", "end_date",
                  "status", "decided_at"]


class CheckInSerializer(serializers.Serializer):
    signup = serializers.IntegerField(label=_("Sign-up"))
    token = serializers.CharField(label=_("Code of the post's QR code"), max_length=400)
    op = serializers.ChoiceField(label=_("Check in or out"), choices=[("in", _("Check in")), ("out", _("Check out"))],
                                 default="in")
