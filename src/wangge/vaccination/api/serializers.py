from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import ExemptionReason
from ..models import Dose, VaccinationSite, VaccinationStatus, VaccineProduct


class VaccineProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = VaccineProduct
        fields = ["id", "code", "name", "manufacturer", "full_course_doses"]


class VaccinationSiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = VaccinationSite
        fields = ["id", "name", "kind", "region", "region_code", "serves", "address", "daily_capacity", "active"]
        read_only_fields = ["region_code"]


class DoseSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)

    class Meta:
        model = Dose
        fields = ["id", "resident", "resident_name", "region_code", "dose_number", "date", "product", "site"]
        read_only_fields = ["region_code"]
        # The do_record_dose action checks the dose sequence and says which dose comes next.
        validators: list = []

    def get_fields(self):
        # A resident outside the caller's jurisdiction is "does not exist", like one that really does not.
        from wangge.people.models import Resident

        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "resident" in fields:
            fields["resident"].queryset = Resident.objects.restrict(request.user)
        return fields


class VaccinationStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = VaccinationStatus
        fields = ["resident", "doses", "first_dose_date", "full_course_date", "booster_date", "exemption",
                  "exemption_note"]


class ExemptionSerializer(serializers.Serializer):
    resident = serializers.IntegerField(label=_("Resident"))
    reason = serializers.ChoiceField(label=_("Reason"), choices=ExemptionReason.choices)
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class CoverageRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    eligible = serializers.IntegerField()
    first = serializers.IntegerField()
    full = serializers.IntegerField()
    booster = serializers.IntegerField()
    first_rate = serializers.FloatField()
    full_rate = serializers.FloatField()
    booster_rate = serializers.FloatField()


class CoverageSerializer(serializers.Serializer):
    region = serializers.CharField()
    as_of = serializers.DateField()
    total = CoverageRowSerializer()
    regions = CoverageRowSerializer(many=True)
    age_bands = CoverageRowSerializer(many=True)
