from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from wangge.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin
from wangge.core.errors import ActionError, refusal_response
from wangge.core.errors import NotFound as NotFoundError
from wangge.regions.codes import page_region

from .. import actions, coverage
from ..filtersets import DoseFilterSet, VaccinationSiteFilterSet
from ..models import Dose, VaccinationSite, VaccineProduct
from ..views import as_of_date
from . import serializers


class VaccineProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = VaccineProduct.objects.all()
    serializer_class = serializers.VaccineProductSerializer


class VaccinationSiteViewSet(ScopedReadOnlyViewSet):
    queryset = VaccinationSite.objects.select_related("region")
    serializer_class = serializers.VaccinationSiteSerializer
    filterset_class = VaccinationSiteFilterSet


class DoseViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Doses; creating one goes through the `record_dose` action (dose numbers may not go backwards)."""

    queryset = Dose.objects.select_related("resident")
    serializer_class = serializers.DoseSerializer
    filterset_class = DoseFilterSet

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            actions.do_record_dose(request.user, data["resident"], dose_number=data["dose_number"],
                                   date=data["date"], product=data["product"], site=data.get("site"))
        except NotFoundError:
            raise ValidationError({"resident": [_("No such resident in your jurisdiction.")]}) from None
        except ActionError as exc:
            return refusal_response(exc)
        dose = Dose.objects.get(resident=data["resident"], dose_number=data["dose_number"])
        return Response(self.get_serializer(dose).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ExemptionSerializer, responses=serializers.VaccinationStatusSerializer)
    @action(detail=False, methods=["post"])
    def exemption(self, request):
        """Record why a resident is not vaccinated (declined, medical contraindication, ...)."""
        serializer = serializers.ExemptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = actions.do_record_exemption(request.user, serializer.validated_data["resident"],
                                                 reason=serializer.validated_data["reason"],
                                                 note=serializer.validated_data["note"])
        except NotFoundError:
            raise NotFound(_("No such resident in your jurisdiction.")) from None
        except ActionError as exc:
            return refusal_response(exc)
        return Response(serializers.VaccinationStatusSerializer(result).data)


class CoverageViewSet(viewsets.ViewSet):
    """Coverage of the eligible population (aged 3+) by child region and by age band."""

    @extend_schema(parameters=[OpenApiParameter("region", str), OpenApiParameter("as_of", str)],
                   responses=serializers.CoverageSerializer)
    def list(self, request, *args, **kwargs):
        try:
            region = page_region(request)
        except Http404:
            raise NotFound(_("No such region in your jurisdiction.")) from None
        as_of = as_of_date(request._request)
        rows, total = coverage.coverage_by_child_region(request.user, region, as_of)
        bands = coverage.coverage_by_age_band(request.user, region, as_of)
        data = {"region": region.code, "as_of": as_of, "total": total, "regions": rows, "age_bands": bands}
        return Response(serializers.CoverageSerializer(data).data)
