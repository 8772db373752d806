"""Back office: follow-ups and tasks are read-only here — their states change only through the actions, which
re-check jurisdiction and keep the audit trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wangge.core.admin import ReadOnlyAdmin, ScopedAdmin
from wangge.core.ids import mask_id

from .models import FollowUp, Task


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["name", "masked_key", "category", "measure", "start_date", "end_date", "state",
                    "escalation_level", "region_code"]
    list_filter = ["state", "category", "source", "escalation_level"]
    search_fields = ["name", "region_code"]
    exclude = ["id_number", "phone", "person_key"]
    list_select_related = ["grid"]

    @admin.display(description=_("ID number"))
    def masked_key(self, obj):
        return mask_id(obj.id_number) if obj.id_number else ""


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["followup", "kind", "due_date", "state", "overdue", "level", "region_code", "done_at"]
    list_filter = ["kind", "state", "overdue", "level"]
    list_select_related = ["followup"]
    raw_id_fields = ["followup"]
