"""`wangge import_checkpoints FILE` (formats.md "checkpoints.csv"): Chinese or English headers, GBK, bad rows to the
rejected-rows file with their reason, nothing half-written, a second import changing nothing."""

import csv
import io

import pytest
from django.core.management import call_command

from wangge.checkpoints.models import Checkpoint
from wangge.conftest import OTHER_TOWN, TOWN, VILLAGE


def write(path, rows, encoding="utf-8"):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding=encoding)
    return path


def run(path, user=None):
    out, err = io.StringIO(), io.StringIO()
    args = [str(path)] + (["--as", user.username] if user else [])
    call_command("import_checkpoints", *args, stdout=out, stderr=err)
    return out.getvalue()


def rejected_rows(path):
    with open(str(path) + ".rejected.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_import_with_bad_rows_keeps_the_good_ones_and_says_why_for_the_others(district, tmp_path):
    path = write(tmp_path / "checkpoints.csv", [
        ["卡口编号", "卡口名称", "类型", "所在区域编码", "地址", "纬度", "经度", "备注"],
        ["HW-01", "三星高速道口", "高速道口", TOWN, "G40三星出口", "31.95", "121.18", "x"],
        ["RL-01", "海门站", "rail", VILLAGE, "", "", "", ""],
        ["XQ-01", "小区东门", "compound", district["grid_a"].code, "", "", "", ""],
        ["", "无编号", "road", VILLAGE, "", "", "", ""],
        ["BAD-KIND", "类型错", "飞机场", VILLAGE, "", "", "", ""],
        ["NO-REGION", "区域错", "road", "320684999", "", "", "", ""],
        ["HALF-GPS", "只有纬度", "road", VILLAGE, "", "31.9", "", ""],
        ["FAR", "纬度越界", "road", VILLAGE, "", "91", "121", ""],
        ["bad code!", "编号错", "road", VILLAGE, "", "", "", ""],
    ])
    summary = run(path)
    assert "新增 3" in summary and "拒绝 6" in summary, summary
    assert "备注" in summary  # the extra column is reported once
    highway = Checkpoint.objects.get(code="HW-01")
    assert highway.kind == "highway" and highway.region_code == TOWN and highway.lat == 31.95
    assert Checkpoint.objects.get(code="XQ-01").is_gate
    rejected = rejected_rows(path)
    assert [r["row"] for r in rejected] == ["4", "5", "6", "7", "8", "9"]
    reasons = " ".join(r["reason"] for r in rejected)
    for words in ("卡口编号为空", "卡口类型无效", "区域编码不存在", "纬度和经度须同时填写", "纬度应在", "卡口编号只能"):
        assert words in reasons, reasons
    # A second import of the same file changes nothing.
    again = run(path)
    assert "新增 0" in again and "更新 0" in again and "未变 3" in again, again
    assert Checkpoint.objects.count() == 3


def test_a_gbk_file_with_english_headers_upserts_by_code(district, tmp_path):
    first = write(tmp_path / "a.csv", [["code", "name", "kind", "region_code"], ["RD-1", "三星道口", "road", VILLAGE]],
                  encoding="gbk")
    run(first)
    second = write(tmp_path / "b.csv", [["code", "name", "kind", "region_code"],
                                        ["RD-1", "三星道口（北）", "道路", TOWN]], encoding="gbk")
    assert "更新 1" in run(second)
    checkpoint = Checkpoint.objects.get(code="RD-1")
    assert checkpoint.name == "三星道口（北）" and checkpoint.region_code == TOWN


def test_a_cadre_imports_only_inside_the_jurisdiction(district, tmp_path, cadre):
    path = write(tmp_path / "c.csv", [["code", "name", "kind", "region_code"], ["CL-1", "常乐道口", "road", OTHER_TOWN],
                                      ["SX-1", "三星道口", "road", TOWN]])
    summary = run(path, cadre)
    assert "新增 1" in summary and "拒绝 1" in summary
    assert list(Checkpoint.objects.values_list("code", flat=True)) == ["SX-1"]


def test_a_file_without_a_required_column_is_refused_with_status_2(district, tmp_path):
    path = write(tmp_path / "d.csv", [["code", "name"], ["X", "Y"]])
    with pytest.raises(SystemExit) as exit_info:
        run(path)
    assert exit_info.value.code == 2
    assert not Checkpoint.objects.exists()
