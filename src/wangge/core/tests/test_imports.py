"""The import framework on its own: reading files, headers, times, the rejected-rows file, batches."""

import csv
import datetime

import pytest
from django.db import IntegrityError

from wangge.core.imports import (
    CST,
    Column,
    FileError,
    Importer,
    RowError,
    open_table,
    parse_bool,
    parse_datetime_cst,
    read_table,
)

HEADER = ["code", "name"]
ROWS = [["001", "张三"], ["002", "李四"]]


class ListImporter(Importer):
    """Stores into a dict; `code` is the key; a name of 坏 is a bad row; a name of 爆 fails in the database."""

    key = "code"
    columns = [Column("code", ("编码",), required=True), Column("name", ("名称",))]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.store = {}
        self.batches = []

    def clean(self, row, rownum):
        if row["name"] == "坏":
            raise RowError("名称不能是坏")
        return {"code": row["code"], "name": row["name"]}

    def save(self, rows):
        if any(r["name"] == "爆" for r in rows):
            raise IntegrityError("名称违反约束")
        self.batches.append(len(rows))
        created = sum(1 for r in rows if r["code"] not in self.store)
        updated = sum(1 for r in rows if r["code"] in self.store and self.store[r["code"]] != r["name"])
        self.store.update({r["code"]: r["name"] for r in rows})
        return created, updated


def write(path, rows, header=HEADER, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def rejected(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


# Reading ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_it_reads_csv_in_every_encoding_excel_writes(tmp_path, encoding):
    headers, rows = read_table(write(tmp_path / "a.csv", ROWS, ["编码", "名称"], encoding))
    assert headers == ["编码", "名称"]
    assert list(rows) == ROWS


def test_it_reads_the_first_sheet_of_an_xlsx(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["编码", "名称", "日期"])
    sheet.append([1, "张三", datetime.datetime(2022, 1, 5, 8, 30)])
    sheet.append([2.0, None, datetime.date(2022, 1, 6)])
    workbook.create_sheet("其他").append(["x"])
    workbook.save(tmp_path / "a.xlsx")
    headers, rows = read_table(tmp_path / "a.xlsx")
    assert headers == ["编码", "名称", "日期"]
    assert list(rows) == [["1", "张三", "2022-01-05T08:30:00"], ["2", "", "2022-01-06T00:00:00"]]


def test_a_missing_file_is_a_file_error(tmp_path):
    with pytest.raises(FileError, match="文件不存在"):
        read_table(tmp_path / "nope.csv")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_a_file_error(tmp_path, content):
    (tmp_path / "a.csv").write_bytes(content)
    with pytest.raises(FileError, match="文件为空"):
        read_table(tmp_path / "a.csv")


def test_an_undecodable_file_is_a_file_error(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"code,name\n001,\x81\x20\xff\xfe\n")
    with pytest.raises(FileError, match="无法识别文件编码"):
        read_table(tmp_path / "a.csv")


def test_a_utf16_file_is_a_file_error(tmp_path):
    (tmp_path / "a.csv").write_text("code,name\n001,张三\n", encoding="utf-16")
    with pytest.raises(FileError, match="无法识别文件编码"):
        read_table(tmp_path / "a.csv")


def test_an_old_xls_file_is_a_file_error(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(FileError, match="xls"):
        read_table(tmp_path / "a.xls")


def test_a_broken_xlsx_is_a_file_error(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(FileError, match="Excel"):
        read_table(tmp_path / "a.xlsx")


def test_a_tab_separated_file_is_read(tmp_path):
    (tmp_path / "a.csv").write_text("code\tname\n001\t张三\n", encoding="utf-8")
    assert list(open_table(tmp_path / "a.csv").rows) == [["001", "张三"]]


# Values ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2022-01-05T08:30", datetime.datetime(2022, 1, 5, 8, 30, tzinfo=CST)),
    ("2022-01-05 08:30:15", datetime.datetime(2022, 1, 5, 8, 30, 15, tzinfo=CST)),
    ("2022-01-05", datetime.datetime(2022, 1, 5, tzinfo=CST)),
    ("2022-01-05T00:30:00Z", datetime.datetime(2022, 1, 5, 8, 30, tzinfo=CST)),
    ("2022-01-05T08:30+08:00", datetime.datetime(2022, 1, 5, 8, 30, tzinfo=CST)),
    ("2022-01-05T02:30+02:00", datetime.datetime(2022, 1, 5, 8, 30, tzinfo=CST)),
])
def test_times_without_an_offset_are_china_standard_time(text, expected):
    parsed = parse_datetime_cst(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("text", ["2022-13-01", "2022-02-30", "05/01/2022", "昨天", "2022-01-05T25:00", "x"])
def test_a_malformed_time_is_a_row_error_naming_the_field(text):
    with pytest.raises(RowError, match="到达时间格式无效") as exc:
        parse_datetime_cst(text, "到达时间")
    assert text in str(exc.value)


def test_an_empty_time_is_a_row_error():
    with pytest.raises(RowError, match="为空"):
        parse_datetime_cst("  ")


@pytest.mark.parametrize("text, expected", [("1", True), ("是", True), ("TRUE", True), ("0", False), ("否", False),
                                            ("false", False), ("", False)])
def test_booleans_accept_digits_words_and_chinese(text, expected):
    assert parse_bool(text) is expected


def test_an_unknown_boolean_is_a_row_error():
    with pytest.raises(RowError, match="是/否"):
        parse_bool("maybe", "无智能手机")


# The importer ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_maps_chinese_headers_in_any_order_and_reports_extra_columns(tmp_path):
    path = write(tmp_path / "a.csv", [["x", "张三", "001"]], ["备注", "名称", "编码"])
    importer = ListImporter()
    result = importer.run(path)
    assert importer.store == {"001": "张三"}
    assert result.extra_columns == ["备注"]
    assert (result.read, result.imported, result.rejected) == (1, 1, 0)


def test_a_missing_required_column_is_a_file_error_before_anything_is_saved(tmp_path):
    importer = ListImporter()
    with pytest.raises(FileError, match="缺少必需的列：code（编码）"):
        importer.run(write(tmp_path / "a.csv", [["张三"]], ["名称"]))
    assert importer.store == {}


def test_a_column_given_twice_is_a_file_error(tmp_path):
    with pytest.raises(FileError, match="两次"):
        ListImporter().run(write(tmp_path / "a.csv", [["1", "2"]], ["code", "编码"]))


@pytest.mark.django_db
def test_bad_rows_and_duplicate_keys_go_to_the_rejected_file_with_row_number_and_reason(tmp_path):
    path = write(tmp_path / "a.csv", [["001", "张三"], ["002", "坏"], ["001", "王五"], ["003", "赵六"]])
    importer = ListImporter()
    result = importer.run(path)
    assert importer.store == {"001": "张三", "003": "赵六"}
    assert (result.read, result.imported, result.rejected) == (4, 2, 2)
    assert result.rejected_path == tmp_path / "a.csv.rejected.csv"
    assert (tmp_path / "a.csv.rejected.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert rejected(result.rejected_path) == [
        ["row", "reason", "code", "name"],
        ["2", "名称不能是坏", "002", "坏"],
        ["3", "与第 1 行重复：001", "001", "王五"],
    ]


@pytest.mark.django_db
def test_the_rejected_file_can_be_put_elsewhere_and_a_stale_one_is_removed(tmp_path):
    path = write(tmp_path / "a.csv", [["001", "坏"]])
    result = ListImporter().run(path, rejected_path=tmp_path / "out.csv")
    assert result.rejected_path == tmp_path / "out.csv"
    assert rejected(tmp_path / "out.csv")[1][:2] == ["1", "名称不能是坏"]
    ListImporter().run(path)
    write(path, [["001", "好"]])
    assert ListImporter().run(path).rejected_path is None
    assert not (tmp_path / "a.csv.rejected.csv").exists()


@pytest.mark.django_db
def test_rows_are_saved_in_batches_and_blank_lines_are_skipped(tmp_path):
    path = write(tmp_path / "a.csv", [[f"{i:03d}", "名"] for i in range(7)] + [["", ""]])
    importer = ListImporter(batch_size=3)
    result = importer.run(path)
    assert importer.batches == [3, 3, 1]
    assert result.read == 7


@pytest.mark.django_db
def test_a_row_the_database_refuses_is_rejected_and_the_rest_of_its_batch_is_saved(tmp_path):
    path = write(tmp_path / "a.csv", [["001", "张三"], ["002", "爆"], ["003", "赵六"]])
    importer = ListImporter(batch_size=10)
    result = importer.run(path)
    assert importer.store == {"001": "张三", "003": "赵六"}
    assert (result.imported, result.rejected) == (2, 1)
    assert rejected(result.rejected_path)[1][:2] == ["2", "数据库拒绝写入：名称违反约束"]


@pytest.mark.django_db
def test_short_rows_read_missing_cells_as_empty(tmp_path):
    (tmp_path / "a.csv").write_text("code,name\n001\n", encoding="utf-8")
    importer = ListImporter()
    importer.run(tmp_path / "a.csv")
    assert importer.store == {"001": ""}


@pytest.mark.django_db
def test_a_row_save_refuses_is_rejected_with_the_reason(tmp_path):
    class Picky(ListImporter):
        def save(self, rows):
            if any(r["name"] == "拒" for r in rows):
                raise RowError("保存时发现问题")
            return super().save(rows)

    importer = Picky(batch_size=10)
    result = importer.run(write(tmp_path / "a.csv", [["001", "张三"], ["002", "拒"]]))
    assert importer.store == {"001": "张三"}
    assert rejected(result.rejected_path)[1][:2] == ["2", "保存时发现问题"]


def test_a_command_without_as_acts_as_the_system_actor_who_cannot_log_in(django_user_model, db, client):
    from wangge.core.management.base import resolve_actor

    system = resolve_actor(None)
    assert system.is_system and system.username == "system" and not system.is_active
    assert resolve_actor(None) == system  # one account, created once
    assert not client.login(username="system", password="")
    django_user_model.objects.create_user("zhang", is_superuser=True)
    first = django_user_model.objects.create_user("li", is_superuser=True)
    django_user_model.objects.filter(username="zhang").update(is_active=False)
    assert resolve_actor("li") == first
    with pytest.raises(LookupError, match="用户不存在：wang"):
        resolve_actor("wang")
    with pytest.raises(LookupError, match="用户已停用：zhang"):
        resolve_actor("zhang")
