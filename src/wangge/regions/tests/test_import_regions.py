"""`wangge import_regions FILE`: the district admin loads the region tree (formats.md, regions.csv)."""

import csv
import io

import pytest
from django.core.management import call_command

from wangge.core.models import ChangeEvent
from wangge.regions.models import Region

HEADER = ["code", "name", "level", "parent_code"]
TREE = [
    ["320684", "海门区", "district", ""],
    ["320684102", "三星镇", "镇", "320684"],
    ["320684102001", "大石村", "村", "320684102"],
    ["320684102001001", "大石村第一网格", "网格", "320684102001"],
    ["320684102001002", "大石村第二网格", "grid", "320684102001"],
    ["320684104", "海门街道", "街道", "320684"],
    ["320684104001", "东洲社区", "社区", "320684104"],
]


def write_csv(path, rows, header=HEADER, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_regions", str(path), "--no-progress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rejected(path):
    with open(f"{path}.rejected.csv", encoding="utf-8-sig", newline="") as f:
        return {int(r["row"]): r["reason"] for r in csv.DictReader(f)}


@pytest.fixture
def tree_file(tmp_path, db):
    return write_csv(tmp_path / "regions.csv", TREE)


def test_it_builds_the_tree_from_english_or_chinese_level_names(tree_file):
    assert "读取 7 行：新增 7，更新 0，未变 0，拒绝 0" in run(tree_file)
    grid = Region.objects.get(code="320684102001002")
    assert (grid.level, grid.parent.code, grid.parent.parent.code) == ("grid", "320684102001", "320684102")
    assert Region.objects.get(code="320684104").level == "town"
    assert Region.objects.get(code="320684104001").parent.name == "海门街道"
    assert Region.objects.get(code="320684").parent is None


def test_a_second_import_changes_nothing(tree_file):
    run(tree_file)
    before = list(Region.objects.order_by("code").values_list("code", "updated"))
    events = ChangeEvent.objects.count()
    assert "新增 0，更新 0，未变 7，拒绝 0" in run(tree_file)
    assert list(Region.objects.order_by("code").values_list("code", "updated")) == before
    assert ChangeEvent.objects.count() == events


def test_a_renamed_region_is_updated(tree_file):
    run(tree_file)
    rows = [list(r) for r in TREE]
    rows[2][1] = "大石村（新）"
    write_csv(tree_file, rows)
    assert "更新 1，未变 6" in run(tree_file)
    assert Region.objects.get(code="320684102001").name == "大石村（新）"
    assert ChangeEvent.objects.order_by("-id").first().count == 1


def test_chinese_headers_in_gbk_in_any_order(tmp_path, db):
    rows = [[r[3], r[1], r[0], r[2]] for r in TREE]
    path = write_csv(tmp_path / "r.csv", rows, ["上级编码", "名称", "编码", "层级"], "gbk")
    assert "新增 7" in run(path)
    assert Region.objects.get(code="320684102").name == "三星镇"


def test_parents_may_already_be_in_the_database(tree_file, tmp_path):
    run(tree_file)
    path = write_csv(tmp_path / "more.csv", [["320684104001001", "东洲社区第一网格", "grid", "320684104001"]])
    assert "新增 1" in run(path)


def test_parents_are_created_before_children_across_batches(tree_file, settings):
    settings.WANGGE_IMPORT_BATCH = 2
    assert "新增 7" in run(tree_file)
    assert Region.objects.get(code="320684102001001").parent.code == "320684102001"


@pytest.mark.parametrize("row, reason", [
    (["320684102001003", "", "grid", "320684102001"], "名称为空"),
    (["", "无编码", "grid", "320684102001"], "编码为空"),
    (["32068410200100A", "字母", "grid", "320684102001"], "编码只能包含数字"),
    (["320684102001003", "坏层级", "省", "320684102001"], "层级无效"),
    (["3206841020010", "短编码", "grid", "320684102001"], "网格的编码应为 15 位，实际为 13 位"),
    (["320684102002", "无上级村", "village", ""], "上级编码为空"),
    (["320684105001", "孤村", "village", "320684105"], "上级编码不存在：320684105"),
    (["320684102001003", "跳级", "grid", "320684102"], "网格的上级应为村/社区"),
    (["320684104001003", "错前缀", "grid", "320684102001"], "不以上级编码 320684102001 开头"),
    (["320685", "另一区", "district", "320684"], "区的上级编码应为空"),
])
def test_each_bad_row_is_rejected_with_its_reason(tmp_path, db, row, reason):
    path = write_csv(tmp_path / "r.csv", [*TREE, row])
    assert "拒绝 1" in run(path)
    assert reason in rejected(path)[8]
    assert Region.objects.count() == 7


def test_a_parent_later_in_the_file_does_not_count(tmp_path, db):
    path = write_csv(tmp_path / "r.csv", [TREE[0], TREE[2], TREE[1]])
    run(path)
    assert "上级编码不存在：320684102" in rejected(path)[2]


def test_a_duplicate_code_is_rejected(tmp_path, db):
    path = write_csv(tmp_path / "r.csv", [*TREE, ["320684102", "三星镇二", "town", "320684"]])
    run(path)
    assert "与第 2 行重复" in rejected(path)[8]
    assert Region.objects.get(code="320684102").name == "三星镇"


def test_a_missing_required_column_exits_2(tmp_path, db):
    path = write_csv(tmp_path / "r.csv", [r[:2] for r in TREE], ["code", "name"])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_regions", str(path), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2
    assert err.getvalue().strip() == "缺少必需的列：level（层级）、parent_code（上级编码）"
    assert not Region.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_parents_still_come_before_children(tmp_path, settings):
    settings.WANGGE_IMPORT_BATCH = 1
    assert "新增 7" in run(write_csv(tmp_path / "regions.csv", TREE))
    assert Region.objects.get(code="320684104001").parent.code == "320684104"
