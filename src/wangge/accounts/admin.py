from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "region__code", "region__name")
    raw_id_fields = ("region",)
    list_select_related = ("region",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and jurisdiction"), {"fields": ("display_name", "phone", "role", "region")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and jurisdiction"), {"fields": ("display_name", "role", "region")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)
