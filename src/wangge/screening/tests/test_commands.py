"""`wangge import_risk_areas` and `wangge screen`: summaries, files written, exit codes."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from wangge.conftest import GRID_A
from wangge.screening.models import Flag, RiskArea, ScreeningRun

from .helpers import stay, write_travel

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jiangsu-2021-07-08.csv"


def call(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_jiangsu_sample_imports_and_reimports_without_change(db):
    code, out, _ = call("import_risk_areas", str(SAMPLE))
    assert code == 0 and RiskArea.objects.count() == 13
    lukou = list(RiskArea.objects.filter(area_code="320115005").order_by("effective_from")
                 .values_list("level", "effective_from__date", "effective_to__date"))
    assert [(lvl, str(f), str(to) if to else None) for lvl, f, to in lukou] == [
        ("medium", "2021-07-21", "2021-07-29"), ("high", "2021-07-29", "2021-08-15"),
        ("medium", "2021-08-15", "2021-08-19"), ("low", "2021-08-19", None)]
    code, out, _ = call("import_risk_areas", str(SAMPLE))
    assert code == 0 and "13" in out and RiskArea.objects.count() == 13


@pytest.mark.django_db
def test_bad_designation_rows_are_rejected(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("地区编码,地区名称,风险等级,生效时间,解除时间\n"
                    "320115005,禄口街道,高,2021-07-29,\n"
                    "3201150,不对,高,2021-07-29,\n"
                    "320115005,禄口街道,极高,2021-07-29,\n"
                    "320115005,禄口街道,中,2021-08-15,2021-08-01\n"
                    "320115005,禄口街道,中,someday,\n", encoding="gbk")
    code, out, _ = call("import_risk_areas", str(path))
    assert code == 0 and RiskArea.objects.count() == 1
    with open(tmp_path / "areas.csv.rejected.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert [r[0] for r in rows[1:]] == ["2", "3", "4", "5"]
    assert "area_code" in rows[1][1] and "level" in rows[2][1] and "effective_to" in rows[3][1]


@pytest.mark.django_db
def test_screen_dry_run_writes_flags_and_stores_nothing(tmp_path, district):
    call("import_risk_areas", str(SAMPLE))
    resident = district["residents"][GRID_A][0]
    path = write_travel(tmp_path / "push.csv", [
        {**stay("320115005001", "2021-08-01"), "id_number": resident.id_number},
        {**stay("320115005001", "2021-08-01"), "id_number": "", "phone": ""},
    ])
    code, out, err = call("screen", "--travel", str(path), "--as-of", "2021-08-05", "--dry-run",
                          "--out", str(tmp_path / "flags.csv"))
    assert code == 0, err
    assert "读取记录 2，拒绝 1" in out and "高风险 1" in out and "试运行" in out
    assert ScreeningRun.objects.count() == 0 and Flag.objects.count() == 0
    rows = list(csv.reader(open(tmp_path / "flags.csv", encoding="utf-8")))
    assert rows[1][:5] == [resident.id_number, resident.id_number, "", "测试", "high"]
    assert rows[1][-3:] == [resident.id_number, GRID_A, ""]
    assert (tmp_path / "push.csv.rejected.csv").exists()


@pytest.mark.django_db
def test_screen_stores_the_run_and_its_flags(tmp_path, district, admin_user):
    path = write_travel(tmp_path / "push.csv", [stay("320115005001", "2021-08-01")])
    areas = tmp_path / "areas.csv"
    areas.write_text("area_code,level,effective_from\n320115005,high,2021-07-29\n", encoding="utf-8")
    code, out, err = call("screen", "--travel", str(path), "--as-of", "2021-08-05T00:00:00+08:00",
                          "--risk-areas", str(areas), "--lookback", "10", "--retro", "5", "--as", "admin",
                          "--rejected", str(tmp_path / "bad.csv"))
    assert code == 0, err
    run = ScreeningRun.objects.get()
    assert (run.user, run.lookback_days, run.retro_days, run.risk_area_source) == (admin_user, 10, 5, "areas.csv")
    assert run.flags.get().category == "high"
    assert RiskArea.objects.count() == 0  # --risk-areas screens against the file without storing it


@pytest.mark.parametrize("args, message", [
    (["--travel", "/nonexistent/push.csv", "--as-of", "2021-08-05"], "no such file"),
    (["--as-of", "yesterday"], "--as-of"),
    (["--as", "nobody"], "nobody"),
])
@pytest.mark.django_db
def test_screen_exits_2_when_it_cannot_start(tmp_path, args, message):
    path = write_travel(tmp_path / "push.csv", [stay("320115005001", "2021-08-01")])
    base = {"--travel": str(path), "--as-of": "2021-08-05"}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    code, out, err = call("screen", *[x for kv in base.items() for x in kv])
    assert code == 2 and message in err and "\n" not in err.strip()
    assert ScreeningRun.objects.count() == 0


@pytest.mark.django_db
def test_screen_exits_2_on_a_missing_required_column(tmp_path):
    path = tmp_path / "push.csv"
    path.write_text("id_number,arrived_at\n11010519491231002X,2021-08-01\n", encoding="utf-8")
    code, out, err = call("screen", "--travel", str(path), "--as-of", "2021-08-05")
    assert code == 2 and "place_code" in err
