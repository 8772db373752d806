from django.contrib import admin

from .models import ApiKey, Category, Department, DepartmentMember, DispatchRule, KnowledgeArticle, WorkOrder


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "time_limit_days", "urgent", "epidemic", "active")
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "active")
    search_fields = ("code", "name")


@admin.register(DepartmentMember)
class DepartmentMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "department")
    autocomplete_fields = ("department",)


@admin.register(DispatchRule)
class DispatchRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "region_prefix", "department")
    list_filter = ("category",)


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(admin.ModelAdmin):
    list_display = ("question", "category", "active")
    search_fields = ("question", "answer")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Issue Open311 API keys per channel: leave the key empty and one is generated."""

    list_display = ("name", "channel", "key", "active", "created")
    list_filter = ("channel", "active")
    fields = ("name", "channel", "key", "active")


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "category", "state", "department", "received_at", "due_at")
    list_filter = ("state", "channel")
    search_fields = ("number",)
    readonly_fields = [f.name for f in WorkOrder._meta.fields]

    def has_add_permission(self, request):
        return False  # orders change only through hotline.actions
