"""Back office for mass testing: campaigns, sampling sites and terminals are set up here; tubes, samples and
scan events are read-only (they come from the terminals and the labs)."""

from django.contrib import admin

from wangge.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import Campaign, Sample, SamplingSite, ScanEvent, TemporaryControl, Terminal, Tube


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["name", "region", "start_date", "end_date", "status", "default_pool_size"]
    list_filter = ["status"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


class TerminalInline(admin.TabularInline):
    model = Terminal
    fields = ["code"]
    extra = 1


@admin.register(SamplingSite)
class SamplingSiteAdmin(ScopedAdmin):
    list_display = ["name", "campaign", "kind", "region", "opens", "closes"]
    list_filter = ["kind", "campaign"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]
    inlines = [TerminalInline]


@admin.register(Terminal)
class TerminalAdmin(ScopedAdmin):
    list_display = ["code", "site", "last_sync"]
    search_fields = ["code"]


@admin.register(Tube)
class TubeAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["barcode", "campaign", "site", "pool_size", "members", "state", "result", "tested_at"]
    list_filter = ["state", "result"]
    search_fields = ["barcode"]


@admin.register(ScanEvent)
class ScanEventAdmin(ReadOnlyAdmin):
    list_display = ["terminal", "event_id", "kind", "barcode", "status", "recorded_at", "received_at"]
    list_filter = ["status", "kind"]
    search_fields = ["barcode", "event_id"]


@admin.register(TemporaryControl)
class TemporaryControlAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["sample", "tube", "state", "created"]
    list_filter = ["state"]


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin, ScopedAdmin):
    list_display = ["name", "tube", "scanned_at", "in_other_tube"]
    exclude = ["id_number", "phone"]
