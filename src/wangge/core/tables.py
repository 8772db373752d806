"""The access log as people read it: the user's name, what they did and why, the object named, the query decoded."""

from urllib.parse import parse_qsl

from django.utils.translation import gettext_lazy as _

from .views_generic import Column, Table

# Query parameters that only move through a list: not part of what was exported.
_PAGING = {"after", "before", "p", "export", "sort", "format"}


def describe_query(query: str, region_names: dict[str, str] | None = None) -> str:
    """'region=320684102&q=%E5%BC%A0' → 'region: 三星镇 · q: 张' (region codes named when known)."""
    parts = []
    for key, value in parse_qsl(query or "", keep_blank_values=False):
        if key in _PAGING:
            continue
        if key == "region" and region_names and value in region_names:
            value = f"{region_names[value]}（{value}）"
        parts.append(f"{key}: {value}")
    return " · ".join(parts)


class AccessEventTable(Table):
    columns = [
        Column("time", _("Time"), order_by=["time"]),
        Column("who", _("User"), accessor="who"),
        Column("kind", _("Kind"), accessor="get_kind_display", order_by=["kind", "time"]),
        Column("reason", _("Reason"), accessor="why"),
        Column("object", _("Object"), accessor="what"),
        Column("count", _("Rows"), order_by=["count"]),
        Column("masked", _("Masked")),
        Column("query", _("Query"), accessor="query_text"),
    ]
    default_ordering = ("-time", "-id")

    def __init__(self, rows, **kwargs):
        super().__init__(rows, **kwargs)
        from wangge.regions.models import Region

        codes = {v for e in rows for k, v in parse_qsl(e.query or "") if k == "region"}
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
        for event in rows:
            user = event.user
            event.who = f"{user}（{event.user_name}）" if user is not None and str(user) != event.user_name \
                else event.user_name
            reason = event.get_reason_display() if event.reason else ""
            event.why = "：".join(p for p in (reason, event.reason_note) if p)
            event.what = f"{event.content_type.name} · {event.object_repr}" if event.object_repr else \
                str(event.content_type.name)
            event.query_text = describe_query(event.query, names)
