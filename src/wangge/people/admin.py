from django.contrib import admin

from wangge.core.admin import PersonalDataAdmin, ScopedAdmin

from .models import Household, Resident


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ("key", "grid", "address")
    search_fields = ("key", "region_code", "address")
    raw_id_fields = ("grid",)
    list_select_related = ("grid",)


@admin.register(Resident)
class ResidentAdmin(PersonalDataAdmin):
    list_display = ("name", "masked_id_number", "masked_phone", "sex", "birth_date", "residence_type", "grid")
    list_filter = ("residence_type", "sex", "no_smartphone")
    # Exact matches only: `=` keeps the search on the indexed columns of a million-row table.
    search_fields = ("=name", "=id_last4", "=phone", "=id_number", "=region_code")
    raw_id_fields = ("grid", "household")
    list_select_related = ("grid",)
    show_full_result_count = False
    personal_fields = ("id_number", "phone")
