"""Admin building blocks: jurisdiction-scoped model admins and the read-only change and access logs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .ids import mask_id, mask_phone
from .models import AccessEvent, ChangeEvent

admin.site.site_header = _("Wangge back office")
admin.site.site_title = _("Wangge back office")
admin.site.index_title = _("Back-office administration")


class ScopedAdmin(admin.ModelAdmin):
    """The back office shows only the user's jurisdiction, like every other page."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)


class PersonalDataAdmin(ScopedAdmin):
    """ID numbers and phones are masked in lists, and read-only masked in forms unless the user may reveal."""

    personal_fields: tuple[str, ...] = ()

    def can_reveal(self, request):
        return request.user.has_perm("accounts.reveal_personal_data")

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if obj is not None and not self.can_reveal(request):
            excluded += list(self.personal_fields)
        return excluded

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.can_reveal(request):
            fields += [f"masked_{name}" for name in self.personal_fields]
        return fields

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return mask_id(obj.id_number)

    @admin.display(description=_("Phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeEvent)
class ChangeEventAdmin(ReadOnlyAdmin):
    list_display = ("time", "user_name", "action", "content_type", "object_repr", "count", "request_id")
    list_filter = ("action", "content_type")
    search_fields = ("user_name", "object_repr", "object_id", "request_id", "note")
    date_hierarchy = "time"


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ("time", "user_name", "kind", "content_type", "object_repr", "count", "masked")
    list_filter = ("kind", "masked", "content_type")
    search_fields = ("user_name", "object_repr", "object_id", "query")
    date_hierarchy = "time"
