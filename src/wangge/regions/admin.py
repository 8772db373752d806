from django.contrib import admin

from wangge.core.admin import PersonalDataAdmin, ScopedAdmin

from .models import GridStaff, Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name", "level", "parent", "industrial")
    list_filter = ("level", "industrial")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(GridStaff)
class GridStaffAdmin(PersonalDataAdmin):
    list_display = ("name", "role", "party_role", "masked_phone", "grid")
    list_filter = ("role", "party_role")
    search_fields = ("name", "grid__code", "grid__name")
    raw_id_fields = ("grid", "user")
    list_select_related = ("grid",)
    personal_fields = ("phone",)
