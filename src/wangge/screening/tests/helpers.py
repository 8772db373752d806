"""Helpers for the screening tests: write a pushed list, run the engine, read the flags back."""

import csv
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.conftest import GRID_A, VILLAGE
from wangge.screening import engine, sql

CST = engine.CST
HEADER = list(sql.TRAVEL_COLUMNS)
ID_A = "11010519491231002X"  # the two official examples of GB 11643 (never a real person)
ID_B = "440524188001010014"


def t(text: str) -> datetime.datetime:
    """'2021-08-05' or '2021-08-05T10:00' → aware CST datetime."""
    return engine.parse_time(text)


def write_travel(path, records: list[dict], header=None, encoding="utf-8"):
    header = header or HEADER
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for i, record in enumerate(records, start=1):
            row = {"record_id": str(i), **record}
            writer.writerow([row.get(h, "") for h in header])
    return path


def designations(*rows):
    """(code, level, from, to-or-None) with 'YYYY-MM-DD[THH:MM]' texts → Arrow."""
    return engine.designations_table([(c, lvl, t(f), t(to) if to else None) for c, lvl, f, to in rows])


def screen(tmp_path, records, areas, as_of="2021-08-05", lookback=14, retro=14, **kwargs):
    """Run the engine over `records`; returns (result, flags as dicts keyed by flags.csv column names)."""
    path = kwargs.pop("path", None) or write_travel(tmp_path / "travel.csv", records)
    result = engine.screen(path, as_of=t(as_of), lookback_days=lookback, retro_days=retro,
                           designations=designations(*areas), **kwargs)
    rows = [dict(zip(sql.FLAGS_COLUMNS, row, strict=True)) for row in result.flags_csv_rows()]
    return result, rows


def stay(place, a, b="", **extra):
    return {"id_number": ID_A, "name": "测试", "place_code": place, "arrived_at": a, "left_at": b, **extra}


def push_file(tmp_path, district):
    a1 = district["residents"][GRID_A][0]
    path = write_travel(tmp_path / "push.csv", [
        {**stay("320115005001", "2021-08-01"), "id_number": a1.id_number},
        {**stay("320115005001", "2021-08-01"), "id_number": "", "phone": "13900000009",
         "destination_code": VILLAGE + "777"},
        {**stay("320115005001", "2021-08-01"), "id_number": "", "phone": ""},
    ])
    return SimpleUploadedFile("推送名单.csv", path.read_bytes(), content_type="text/csv")
