"""The pushed list as the upload page describes it (formats.md, travel_records.csv) and its template file.

The column list (English and Chinese header names, what each holds, which are required) is what the upload page
shows; the template is the header row plus one synthetic example row, made at run time from the clock (an ID
number built with a valid check digit on the address code of the official GB 11643 example, never a real person).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core import clock
from wangge.core.ids import check_digit

from .sql import REQUIRED_TRAVEL_COLUMNS, TRAVEL_COLUMNS

# What each column holds (formats.md).
MEANINGS = {
    "record_id": gettext_lazy("Optional, unique within a push"),
    "id_number": gettext_lazy("18 characters with the GB 11643 check digit; a row with a wrong check digit is "
                              "rejected. Optional when the phone is given"),
    "phone": gettext_lazy("11-digit mobile number. Optional when the ID number is given"),
    "name": gettext_lazy("Optional"),
    "place_code": gettext_lazy("Region code of where the person stayed (at least 6 digits)"),
    "place_name": gettext_lazy("Optional"),
    "arrived_at": gettext_lazy("Start of the stay, ISO 8601 (without an offset: China time)"),
    "left_at": gettext_lazy("End of the stay; empty = still there or unknown"),
    "destination_code": gettext_lazy("Optional: where in our district the person is now (routes an unmatched "
                                     "person for 落地查人)"),
    "source": gettext_lazy("Optional: telecom, rail, air, highway, checkpoint or declaration"),
}
ONE_OF = ("id_number", "phone")


@dataclass(frozen=True)
class TravelColumn:
    name: str
    chinese: str
    meaning: str
    required: str  # "yes", "one_of" or ""


def travel_columns() -> list[TravelColumn]:
    """The columns of a pushed list in file order, for the upload page."""
    out = []
    for name, chinese in TRAVEL_COLUMNS.items():
        required = "yes" if name in REQUIRED_TRAVEL_COLUMNS else ("one_of" if name in ONE_OF else "")
        out.append(TravelColumn(name=name, chinese=chinese, meaning=str(MEANINGS.get(name, "")), required=required))
    return out


def _example_place() -> tuple[str, str]:
    """A place of the example: the newest stored high/medium designation, else Lukou (the 2021 example)."""
    from .models import RiskArea

    area = RiskArea.objects.filter(level__in=("high", "medium")).order_by("-effective_from").first()
    if area is not None:
        return area.area_code, area.area_name
    return "320115005", "江宁区禄口街道"


def _example_destination() -> str:
    from wangge.regions.choices import RegionLevel
    from wangge.regions.models import Region

    return Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code").values_list("code", flat=True).first() \
        or ""


def example_row() -> dict[str, str]:
    """One synthetic record, made now: a stay that ended yesterday at the newest designated area."""
    rng = random.Random()
    today = clock.today()
    born = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3650))
    first17 = f"110105{born:%Y%m%d}{rng.randrange(100, 999):03d}"
    place, place_name = _example_place()
    arrived = clock.at(today - datetime.timedelta(days=3), hour=10)
    left = clock.at(today - datetime.timedelta(days=1), hour=18)
    return {
        "record_id": "1", "id_number": first17 + check_digit(first17), "phone": f"139{rng.randrange(10**8):08d}",
        "name": _("Example person"), "place_code": place, "place_name": place_name,
        "arrived_at": arrived.isoformat(timespec="minutes"), "left_at": left.isoformat(timespec="minutes"),
        "destination_code": _example_destination(), "source": "telecom",
    }


def _rows(chinese: bool) -> list[list[str]]:
    header = [TRAVEL_COLUMNS[n] if chinese else n for n in TRAVEL_COLUMNS]
    example = example_row()
    return [header, [example[n] for n in TRAVEL_COLUMNS]]


def csv_response(*, chinese: bool = False) -> HttpResponse:
    """The template as UTF-8 CSV with a BOM (Excel opens it with the Chinese intact)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_rows(chinese))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="travel_records-template.csv"'
    return response


def xlsx_response(*, chinese: bool = False) -> HttpResponse:
    """The template as xlsx (first sheet, first row the header), which the import reads as well."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in _rows(chinese):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="travel_records-template.xlsx"'
    return response
