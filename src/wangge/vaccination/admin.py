"""Back office for vaccination: products and sites are set up here; doses come from sites and imports."""

from django.contrib import admin

from wangge.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import Dose, VaccinationSite, VaccineProduct


@admin.register(VaccineProduct)
class VaccineProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "manufacturer", "full_course_doses"]


@admin.register(VaccinationSite)
class VaccinationSiteAdmin(ScopedAdmin):
    list_display = ["name", "kind", "region", "daily_capacity", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


@admin.register(Dose)
class DoseAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["resident", "dose_number", "date", "product", "site"]
    list_filter = ["product", "dose_number"]
    date_hierarchy = "date"
