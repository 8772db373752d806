"""The pushed file: encodings, xlsx and Parquet, headers, times, bad rows and the rejected-rows file, flags.csv."""

import csv

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wangge.screening import engine, sql
from wangge.screening.sources import SourceError

from .helpers import HEADER, ID_A, ID_B, designations, screen, stay, t, write_travel

LUKOU = ("320115005", "high", "2021-07-29", None)
CHINESE_HEADER = [sql.TRAVEL_COLUMNS[h] for h in HEADER]


def run(path, rejected_path=None, **kwargs):
    return engine.screen(path, as_of=t("2021-08-05"), lookback_days=14, retro_days=14,
                         designations=designations(LUKOU), rejected_path=rejected_path, **kwargs)


def test_bad_rows_go_to_the_rejected_file_and_the_good_rows_are_screened(tmp_path):
    records = [
        stay("320115005001", "2021-07-30"),                                          # 1 good
        {**stay("320115005001", "2021-07-30"), "id_number": "", "phone": ""},          # 2 no id, no phone
        {**stay("320115005001", "2021-07-30"), "arrived_at": "30/07/2021"},           # 3 unparseable
        {**stay("320115005001", "2021-07-30", "2021-07-29"), "id_number": ID_B},      # 4 left before arrived
        {**stay("32011x", "2021-07-30"), "id_number": ID_B},                          # 5 not digits
        {**stay("32011", "2021-07-30"), "id_number": ID_B},                           # 6 too short
        {**stay("320115005001", "2021-07-30"), "left_at": "soon", "id_number": ID_B},  # 7 unparseable left_at
        {**stay("320115005001", ""), "id_number": ID_B},                              # 8 no arrived_at
    ]
    path = write_travel(tmp_path / "push.csv", records)
    result = run(path)
    assert (result.records_read, result.rejected, result.flags) == (8, 7, 1)
    assert result.rejected_path == tmp_path / "push.csv.rejected.csv"
    with open(result.rejected_path, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    result.close()
    assert rows[0] == ["row", "reason", *HEADER]
    assert [int(r[0]) for r in rows[1:]] == [2, 3, 4, 5, 6, 7, 8]
    reasons = [r[1] for r in rows[1:]]
    assert "id_number" in reasons[0] and "arrived_at" in reasons[1] and "left_at" in reasons[2]
    assert all("place_code" in r for r in reasons[3:5]) and "left_at" in reasons[5] and "arrived_at" in reasons[6]
    assert rows[2][2 + HEADER.index("arrived_at")] == "30/07/2021"  # the original field, verbatim


def test_rejected_file_can_be_put_elsewhere_and_is_not_written_without_bad_rows(tmp_path):
    path = write_travel(tmp_path / "push.csv", [{**stay("320115005001", "2021-07-30"), "phone": "", "id_number": ""}])
    result = run(path, rejected_path=tmp_path / "bad.csv")
    result.close()
    assert (tmp_path / "bad.csv").exists() and not (tmp_path / "push.csv.rejected.csv").exists()
    path = write_travel(tmp_path / "ok.csv", [stay("320115005001", "2021-07-30")])
    result = run(path)
    result.close()
    assert result.rejected_path is None and not (tmp_path / "ok.csv.rejected.csv").exists()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_chinese_headers_in_every_encoding(tmp_path, encoding):
    path = tmp_path / f"push-{encoding}.csv"
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CHINESE_HEADER)
        writer.writerow(["1", ID_A, "", "张三", "320115005001", "江宁区禄口街道某村", "2021-07-30T09:00", "", "",
                         "铁路"])
    result, flags = screen(tmp_path, [], [LUKOU], path=path)
    result.close()
    assert [(f["name"], f["category"]) for f in flags] == [("张三", "high")] and result.records_read == 1


def test_xlsx_input(tmp_path):
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "手机号", "停留地编码", "到达时间", "离开时间"])
    sheet.append([ID_A, None, 320115005001, datetime.datetime(2021, 7, 30, 9, 0), None])
    sheet.append([None, 13800000000, "320102001001", "2021-08-01", "2021-08-02"])
    path = tmp_path / "push.xlsx"
    book.save(path)
    result, flags = screen(tmp_path, [], [LUKOU], path=path)
    result.close()
    assert result.records_read == 2
    assert [(f["person_key"], f["category"], f["arrived_at"]) for f in flags] == [
        (ID_A, "high", "2021-07-30T09:00:00+08:00"), ("13800000000", "same_city", "2021-08-01T00:00:00+08:00")]


def test_parquet_input(tmp_path):
    path = tmp_path / "push.parquet"
    pq.write_table(pa.table({"id_number": [ID_A], "place_code": ["320115005001"], "arrived_at": ["2021-07-30"],
                             "left_at": [None]}), path)
    result, flags = screen(tmp_path, [], [LUKOU], path=path)
    result.close()
    assert [f["category"] for f in flags] == ["high"] and result.records_read == 1


def test_times_with_an_offset_are_converted_and_output_in_cst(tmp_path):
    records = [stay("320115005001", "2021-07-30T01:00:00Z", "2021-07-30T12:00:00+08:00"),
               {**stay("320115005001", "2021-07-30T06:30:00-02:00"), "id_number": ID_B}]
    result, flags = screen(tmp_path, records, [LUKOU])
    result.close()
    assert [(f["arrived_at"], f["left_at"]) for f in flags] == [
        ("2021-07-30T09:00:00+08:00", "2021-07-30T12:00:00+08:00"),
        ("2021-07-30T16:30:00+08:00", "2021-07-30T16:30:00+08:00")]


def test_flags_csv_has_exactly_the_formats_columns_sorted_by_person_key(tmp_path):
    records = [{**stay("320115005001", "2021-07-30"), "id_number": ID_B},
               {**stay("320115005001", "2021-07-30"), "id_number": "", "phone": "13900000000"},
               stay("320102001001", "2021-08-01")]
    path = write_travel(tmp_path / "push.csv", records)
    result = run(path)
    result.write_flags_csv(tmp_path / "flags.csv")
    result.close()
    with open(tmp_path / "flags.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["person_key", "id_number", "phone", "name", "category", "area_code", "place_code",
                       "arrived_at", "left_at", "resident_id_number", "grid_code", "routed_to"]
    assert [r[0] for r in rows[1:]] == sorted([ID_A, ID_B, "13900000000"])
    assert rows[1] == [ID_A, ID_A, "", "测试", "same_city", "320115005", "320102001001",
                       "2021-08-01T00:00:00+08:00", "2021-08-01T00:00:00+08:00", "", "", ""]


def test_the_id_number_is_upper_cased_and_trimmed(tmp_path):
    result, flags = screen(tmp_path, [{**stay("320115005001", "2021-07-30"), "id_number": " 11010519491231002x "}],
                           [LUKOU])
    result.close()
    assert flags[0]["person_key"] == ID_A


@pytest.mark.parametrize("name, content, message", [
    ("push.csv", "id_number,arrived_at\n" + ID_A + ",2021-07-30\n", "place_code"),
    ("push.csv", "place_code,arrived_at\n320115005001,2021-07-30\n", "id_number"),
    ("push.csv", "", "empty"),
    ("push.pdf", "x", "unknown file format"),
])
def test_a_file_that_cannot_be_read_is_a_source_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        run(path)


def test_a_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        run(tmp_path / "nothing.csv")


def test_extra_columns_are_reported(tmp_path):
    path = tmp_path / "push.csv"
    path.write_text("id_number,place_code,arrived_at,备注\n" + ID_A + ",320115005001,2021-07-30,x\n", encoding="utf-8")
    result = run(path)
    result.close()
    assert result.extras == ["备注"] and result.flags == 1


def test_rule_sql_is_portable_text(tmp_path):
    """The rule uses no DuckDB-only syntax that Spark SQL lacks (a cheap guard, not a proof)."""
    text = engine.rule_sql(t("2021-08-05"), 14, 14)
    for construct in ("::", "QUALIFY", "arg_min", "list_", "struct_pack", "regexp_full_match", "strftime"):
        assert construct not in text


def test_rows_outside_the_window_are_counted_as_read(tmp_path):
    records = [stay("320115005001", "2021-07-30"), {**stay("320115005001", "2021-06-01"), "id_number": ID_B},
               {**stay("320115005001", "2021-08-30"), "phone": "13900000000", "id_number": ""}]
    result, flags = screen(tmp_path, records, [LUKOU])
    result.close()
    assert (result.records_read, result.rejected, result.flags, result.people) == (3, 0, 1, 1)


def test_a_tab_separated_file_is_read(tmp_path):
    path = tmp_path / "push.csv"
    path.write_text("身份证号\t停留地编码\t到达时间\n" + ID_A + "\t320115005001\t2021-07-30\n", encoding="gbk")
    result = run(path)
    result.close()
    assert (result.records_read, result.flags) == (1, 1)


@pytest.mark.parametrize("text, expected", [
    ("2021-07-30", "2021-07-30T00:00:00+08:00"),
    ("2021-07-30T10:00", "2021-07-30T10:00:00+08:00"),
    ("2021-07-30 10:00:00", "2021-07-30T10:00:00+08:00"),
    ("2021-07-30T10:00:00.5", "2021-07-30T10:00:00+08:00"),
    ("2021-07-30T10:00+09", "2021-07-30T09:00:00+08:00"),
    ("2021-07-30T02:00Z", "2021-07-30T10:00:00+08:00"),
    ("2021-07-30T10:00:00+0900", "2021-07-30T09:00:00+08:00"),
    ("2021-07-30T10:00:00-01:00", "2021-07-30T19:00:00+08:00"),
    (" 2021-07-30T10:00:00 ", "2021-07-30T10:00:00+08:00"),
])
def test_every_iso_shape_of_a_time(tmp_path, text, expected):
    result, flags = screen(tmp_path, [stay("320115005001", text)], [LUKOU])
    result.close()
    assert flags[0]["arrived_at"] == expected


def test_gbk_that_starts_with_a_megabyte_of_ascii_is_still_read(tmp_path):
    path = tmp_path / "push.csv"
    lines = ["id_number,name,place_code,arrived_at"]
    lines += [f"{ID_B},,330106001001,2021-07-30" for _ in range(40000)]  # ~1.4 MB of ASCII first
    lines.append(f"{ID_A},张三,320115005001,2021-07-30")
    path.write_bytes("\n".join(lines).encode("gbk"))
    result, flags = screen(tmp_path, [], [LUKOU], path=path)
    result.close()
    assert result.encoding == "gb18030" and [f["name"] for f in flags] == ["张三"]


def test_the_district_admin_finds_a_mistyped_id_number_in_the_rejected_file_not_among_the_flags(tmp_path):
    """Issue 17.4: a pushed row whose ID number fails the GB 11643 check digit is refused with its row number and
    the reason in Chinese; it makes no flag (so no follow-up), while the good rows are screened as usual."""
    wrong_check = ID_A[:-1] + "1"          # 11010519491231002X with a wrong last character
    records = [
        stay("320115005001", "2021-07-30", id_number=ID_B),                 # 1 good
        stay("320115005001", "2021-07-30", id_number=wrong_check),          # 2 check digit fails
        stay("320115005001", "2021-07-30", id_number="1101051949123"),      # 3 too short
        stay("320115005001", "2021-07-30", id_number="11010519491231002Y"),  # 4 not a digit or X
    ]
    path = write_travel(tmp_path / "push.csv", records)
    result = run(path)
    flags = [dict(zip(sql.FLAGS_COLUMNS, row, strict=True)) for row in result.flags_csv_rows()]
    with open(result.rejected_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    result.close()
    assert [f["id_number"] for f in flags] == [ID_B]
    assert [(r["row"], r["id_number"]) for r in rows] == [
        ("2", wrong_check), ("3", "1101051949123"), ("4", "11010519491231002Y")]
    assert "校验位" in rows[0]["reason"] and "身份证号" in rows[0]["reason"]
    assert all("身份证号" in r["reason"] for r in rows[1:])
