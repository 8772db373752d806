"""The district daily report (信息日报): one report per day and region that gathers every indicator of the registry.

For each section (in `Section.ORDER`) a table of every indicator the user may see — the day's figure, yesterday's,
the change (coloured by `higher_is_better`), the unit and the definition — then a table per child region of the
headline indicators, and when the figures were computed. Every figure is read from the stored snapshots
(`figures.values_for`), so the report, the level pages, the map and the big screen agree.

An app may add its own part to its section (the hotline's daily report is the report's hotline section): a module
`report_parts.py` in the app calls `register_part(ReportPart(...))`; it is found by name like `indicators.py`.
A part with a `perm` makes its whole section require that permission (figures included).

The page, the print layout and the xlsx export are built from the same `DailyReport`, so their figures agree.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.regions import codes
from wangge.regions.models import Region

from . import figures, registry
from .levels import Card, action_link, regions_at
from .models import Snapshot
from .registry import Indicator, Section


@dataclass(frozen=True)
class ReportPart:
    """An app's own block in a section of the daily report."""

    key: str
    section: str
    template: str
    context: Callable[..., dict]  # (user, region, day) -> the template's context
    perm: str | None = None  # without it the user's report leaves out the whole section
    sheets: Callable[..., None] | None = None  # (workbook, context): adds the part's own sheets to the xlsx
    styles: tuple[str, ...] = ()  # static paths the part's template needs
    scripts: tuple[str, ...] = ()


_PARTS: dict[str, ReportPart] = {}
_discovered = False


def register_part(part: ReportPart) -> None:
    _PARTS[part.key] = part


def report_parts() -> list[ReportPart]:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("report_parts")
        _discovered = True
    return list(_PARTS.values())


class ReportCard(Card):
    """One indicator's line: the day's figure, yesterday's and the change, as text the way the indicator writes."""

    @property
    def text(self) -> str:
        return self.indicator.format(self.value)

    @property
    def previous_text(self) -> str:
        return self.indicator.format(self.previous)

    @property
    def arrow(self) -> str:
        change = self.change
        if not change:
            return ""
        return "↑" if change > 0 else "↓"

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        return f"{self.arrow}{self.indicator.format(abs(change))}" if change else "0"


def report_url(region_code: str, day: datetime.date, name: str = "dashboard:report") -> str:
    return f"{reverse(name)}?region={region_code}&day={day.isoformat()}"


def plain(value: float | None) -> float | int | None:
    """A stored figure as a cell holds it: whole numbers as int (figures are stored as floats)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def computed_late(snapshot: Snapshot | None) -> bool:
    """A past day's snapshot worked out after that day had ended (its state figures are of that later moment)."""
    return snapshot is not None and clock.local_date(snapshot.computed_at) > snapshot.day


class DailyReport:
    def __init__(self, user, region: Region, day: datetime.date):
        self.user, self.region, self.day = user, region, day
        self.previous_day = day - datetime.timedelta(days=1)
        allowed = [p for p in report_parts() if not p.perm or user.has_perm(p.perm)]
        barred = {p.section for p in report_parts() if p.perm and not user.has_perm(p.perm)}
        self.parts = allowed
        self.indicators: list[Indicator] = [i for i in registry.visible_to(user) if i.section not in barred]
        child = codes.child_level(region.level)
        self.children: list[Region] = regions_at(region, child) if child else []
        here = [region.code, *(c.code for c in self.children)]
        self.snapshot = figures.snapshot_of(day)
        self.today = figures.values_for(self.indicators, here, day)
        # Yesterday's figures are those stored yesterday: never worked out now (a state figure such as "overdue"
        # would then be today's). No snapshot: no figure, and the report says so.
        self.previous_snapshot = Snapshot.objects.filter(day=self.previous_day).first()
        self.yesterday = figures.values_for(self.indicators, here, self.previous_day) if self.previous_snapshot \
            else {}

    # --- what the report shows -----------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return _("%(region)s daily information report") % {"region": self.region.full_name}

    def card(self, indicator: Indicator, code: str | None = None) -> ReportCard:
        code = code or self.region.code
        return ReportCard(indicator, self.today.get(indicator.key, {}).get(code),
                          self.yesterday.get(indicator.key, {}).get(code) if self.yesterday else None,
                          action_link(indicator, code, self.day) if code == self.region.code else None)

    def sections(self) -> list[dict]:
        """Per section in display order: its indicators' lines and the apps' parts (a section with neither is left
        out)."""
        result = []
        for section in Section.ORDER:
            rows = [self.card(i) for i in self.indicators if i.section == section]
            parts = [p for p in self.parts if p.section == section]
            if rows or parts:
                result.append({"key": section, "label": Section.LABELS[section], "rows": rows, "parts": parts})
        return result

    @property
    def headline(self) -> list[Indicator]:
        return [i for i in self.indicators if i.headline]

    def by_region(self, indicators: list[Indicator] | None = None) -> list[dict]:
        """A row per child region with the lines of `indicators` (default: the headline ones)."""
        chosen = self.headline if indicators is None else indicators
        return [{"region": c, "url": report_url(c.code, self.day), "cards": [self.card(i, c.code) for i in chosen]}
                for c in self.children]

    def crumbs(self) -> list[dict]:
        """The regions above this one that the user may open (their reports of the same day), then this one."""
        visible = Region.objects.restrict(self.user).filter(code__in=codes.ancestor_codes(self.region.code))
        return [*({"label": r.name, "url": report_url(r.code, self.day)} for r in visible.order_by("code")),
                {"label": self.region.name, "url": ""}]

    def computed_at(self) -> datetime.datetime | None:
        return timezone.localtime(self.snapshot.computed_at) if self.snapshot else None

    def notes(self) -> list[str]:
        notes = []
        for snapshot in (self.snapshot, self.previous_snapshot):
            if computed_late(snapshot):
                notes.append(_("The figures of %(day)s were computed on %(time)s, after that day had ended: figures "
                               "about the state of things (open, overdue, under a measure) are those of that moment, "
                               "not of the end of the day.") % {
                    "day": date_format(snapshot.day, "Y-m-d"),
                    "time": date_format(timezone.localtime(snapshot.computed_at), "Y-m-d H:i")})
        if self.previous_snapshot is None:
            notes.append(_("No figures were stored for %(day)s: yesterday's column is empty.") % {
                "day": date_format(self.previous_day, "Y-m-d")})
        return notes

    def styles(self) -> list[str]:
        return list(dict.fromkeys(s for p in self.parts for s in p.styles))

    def scripts(self) -> list[str]:
        return list(dict.fromkeys(s for p in self.parts for s in p.scripts))

    # --- the xlsx export -----------------------------------------------------------------------------------------

    def xlsx(self) -> bytes:
        """Sheet 1: title, region, day, the sections' lines; sheet 2: the same lines per child region; then the
        parts' own sheets (the hotline's daily report)."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        change_format = "+#,##0.0##;-#,##0.0##;0"
        header = [_("Indicator"), _("Today"), _("Yesterday"), _("Change"), _("Unit"), _("Definition")]
        wb = Workbook()
        ws = wb.active
        ws.title = _("Daily report")
        ws.append([self.title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([_("Region"), self.region.full_name, self.region.code])
        ws.append([_("Day"), self.day])
        ws["B3"].number_format = "yyyy-mm-dd"
        computed = self.computed_at()
        ws.append([_("Figures computed at"), computed.strftime("%Y-%m-%d %H:%M") if computed else "—"])
        for note in self.notes():
            ws.append([_("Note"), note])
        for section in self.sections():
            if not section["rows"]:
                continue
            ws.append([])
            ws.append([str(section["label"])])
            ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
            ws.append(header)
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
            for card in section["rows"]:
                ws.append(self._line(card))
                ws.cell(ws.max_row, 4).number_format = change_format
        for column, width in zip("ABCDEF", (28, 12, 12, 10, 8, 60), strict=True):
            ws.column_dimensions[column].width = width

        by_region = wb.create_sheet(_("By region"))
        by_region.append([self.title, "", self.day])
        by_region["A1"].font = Font(bold=True, size=12)
        by_region["C1"].number_format = "yyyy-mm-dd"
        by_region.append([_("Region code"), _("Region"), _("Section"), *header[:5]])
        for cell in by_region[2]:
            cell.font = Font(bold=True)
        for row in self.by_region(self.indicators):
            for card in row["cards"]:
                by_region.append([row["region"].code, row["region"].name, str(Section.LABELS[card.indicator.section]),
                                  *self._line(card)[:5]])
                by_region.cell(by_region.max_row, 7).number_format = change_format
        for column, width in zip("ABCDEFGH", (17, 20, 14, 28, 12, 12, 10, 8), strict=True):
            by_region.column_dimensions[column].width = width

        for part in self.parts:
            if part.sheets is not None:
                part.sheets(wb, part.context(self.user, self.region, self.day))
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _line(card: ReportCard) -> list:
        dash = "—"
        value, previous = plain(card.value), plain(card.previous)
        return [str(card.indicator.label), dash if value is None else value, dash if previous is None else previous,
                dash if card.change is None else plain(card.change), card.indicator.display_unit,
                str(card.indicator.definition)]

    def figure_count(self) -> int:
        return len(self.indicators) * (1 + len(self.children))
