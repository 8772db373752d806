"""`wangge import_residents FILE`, as the district admin loading the registry (formats.md, residents.csv)."""

import csv
import datetime
import io
import random

import pytest
from django.core.management import call_command

from wangge.conftest import GRID_A, GRID_B, OTHER_GRID, VILLAGE
from wangge.core.ids import check_digit
from wangge.core.models import ChangeEvent
from wangge.people.models import Household, Resident
from wangge.simulate.synth import make_id, random_name, random_phone

HEADER = ["id_number", "name", "phone", "grid_code", "address", "residence_type", "household", "no_smartphone"]
CHINESE = ["身份证号", "姓名", "手机号", "网格编码", "住址", "人口类型", "户号", "无智能手机"]


def person(rng, grid=GRID_A, **extra):
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 40))
    row = {"id_number": make_id("320682", birth, rng.randrange(1000)), "name": random_name(rng),
           "phone": random_phone(rng), "grid_code": grid, "address": "大石村8号", "residence_type": "",
           "household": "", "no_smartphone": ""}
    row.update(extra)
    return row


def write_csv(path, rows, header=HEADER, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in HEADER] if isinstance(row, dict) else row)
    return path


def run(path, *args, user=None):
    out, err = io.StringIO(), io.StringIO()
    as_user = ["--as", user.username] if user else []
    call_command("import_residents", str(path), "--no-progress", *as_user, *args, stdout=out, stderr=err)
    return out.getvalue()


def run_failing(path, *args):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_residents", str(path), "--no-progress", *args, stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2
    message = err.getvalue().strip()
    assert "\n" not in message and "Traceback" not in message
    return message


def rejected(path):
    with open(f"{path}.rejected.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {int(r["row"]): r["reason"] for r in rows}


@pytest.fixture
def rng():
    return random.Random(2022)


@pytest.fixture
def messy_file(tmp_path, rng, district):
    """Rows 1, 5 and 6 are good; 2 has a wrong check digit, 3 an unknown grid, 4 a bad phone, 7 repeats row 1."""
    good = person(rng, household="H-001", residence_type="外来", no_smartphone="是")
    bad_check = person(rng)
    bad_check["id_number"] = bad_check["id_number"][:17] + ("0" if bad_check["id_number"][17] != "0" else "1")
    rows = [
        good,
        bad_check,
        person(rng, grid_code="320684102001099"),
        person(rng, phone="12345678901"),
        person(rng, grid=GRID_B, household="H-002", residence_type="registered"),
        person(rng, grid=GRID_A, household="H-001", phone="", no_smartphone="0"),
        dict(good, name="重复的人"),
    ]
    return write_csv(tmp_path / "residents.csv", rows), rows


def test_it_stores_good_rows_and_rejects_each_bad_row_with_its_reason(messy_file, admin_user):
    path, rows = messy_file
    out = run(path, user=admin_user)
    assert "读取 7 行：新增 3，更新 0，未变 0，拒绝 4" in out
    reasons = rejected(path)
    assert sorted(reasons) == [2, 3, 4, 7]
    assert "校验位" in reasons[2]
    assert "网格编码不存在：320684102001099" in reasons[3]
    assert "手机号无效" in reasons[4]
    assert "与第 1 行重复" in reasons[7]
    stored = Resident.objects.get(id_number=rows[0]["id_number"])
    assert stored.name == rows[0]["name"]
    assert (stored.grid.code, stored.region_code, stored.residence_type, stored.no_smartphone) == (
        GRID_A, GRID_A, "migrant", True)
    assert stored.id_last4 == rows[0]["id_number"][-4:]
    assert stored.birth_date == datetime.date(int(rows[0]["id_number"][6:10]), int(rows[0]["id_number"][10:12]),
                                              int(rows[0]["id_number"][12:14]))
    assert stored.sex == ("M" if int(rows[0]["id_number"][16]) % 2 else "F")
    assert not Resident.objects.filter(id_number__in=[r["id_number"] for r in rows[1:4]]).exists()


def test_the_rejected_file_keeps_the_original_fields(messy_file, admin_user):
    path, rows = messy_file
    run(path, user=admin_user)
    with open(f"{path}.rejected.csv", encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == ["row", "reason", *HEADER]
    assert lines[2][2:] == [rows[2][h] for h in HEADER]


def test_households_are_created_in_the_residents_grid_and_linked(messy_file, admin_user):
    path, rows = messy_file
    run(path, user=admin_user)
    h1 = Household.objects.get(key="H-001")
    assert (h1.grid.code, h1.region_code) == (GRID_A, GRID_A)
    assert set(h1.members.values_list("id_number", flat=True)) == {rows[0]["id_number"], rows[5]["id_number"]}
    assert Household.objects.get(key="H-002").region_code == GRID_B


def test_a_second_import_changes_nothing(messy_file, admin_user):
    path, _rows = messy_file
    run(path, user=admin_user)
    before = list(Resident.objects.order_by("pk").values_list("pk", "updated"))
    events = ChangeEvent.objects.count()
    out = run(path, user=admin_user)
    assert "读取 7 行：新增 0，更新 0，未变 3，拒绝 4" in out
    assert list(Resident.objects.order_by("pk").values_list("pk", "updated")) == before
    assert ChangeEvent.objects.count() == events


def test_a_changed_row_is_updated_and_logged_once_as_the_acting_user(tmp_path, rng, district, admin_user):
    rows = [person(rng), person(rng), person(rng)]
    path = write_csv(tmp_path / "r.csv", rows)
    run(path, user=admin_user)
    untouched = Resident.objects.get(id_number=rows[0]["id_number"]).updated
    rows[1]["grid_code"], rows[1]["phone"] = OTHER_GRID, ""
    write_csv(path, rows)
    events = ChangeEvent.objects.count()
    assert "新增 0，更新 1，未变 2" in run(path, user=admin_user)
    moved = Resident.objects.get(id_number=rows[1]["id_number"])
    assert (moved.region_code, moved.grid.code, moved.phone) == (OTHER_GRID, OTHER_GRID, "")
    assert Resident.objects.get(id_number=rows[0]["id_number"]).updated == untouched
    event = ChangeEvent.objects.order_by("-id").first()
    assert ChangeEvent.objects.count() == events + 1
    assert (event.action, event.count, event.user_name) == ("bulk", 1, admin_user.username)


def test_each_committed_batch_writes_one_change_event(tmp_path, rng, district, settings):
    settings.WANGGE_IMPORT_BATCH = 2
    path = write_csv(tmp_path / "r.csv", [person(rng) for _ in range(5)])
    events = ChangeEvent.objects.count()
    run(path)
    assert ChangeEvent.objects.count() == events + 3
    assert sorted(ChangeEvent.objects.order_by("-id")[:3].values_list("count", flat=True)) == [1, 2, 2]


def test_a_15_digit_id_is_upgraded_and_a_lower_case_x_stored_upper_case(tmp_path, rng, district):
    rows = [person(rng, id_number="440524880101001"), person(rng, id_number="11010519491231002x")]
    run(write_csv(tmp_path / "r.csv", rows))
    assert set(Resident.objects.filter(name__in=[r["name"] for r in rows], address="大石村8号")
               .values_list("id_number", flat=True)) == {"440524198801010011", "11010519491231002X"}


def test_a_15_digit_id_and_its_18_digit_form_are_the_same_person(tmp_path, rng, district):
    rows = [person(rng, id_number="440524880101001"), person(rng, id_number="440524198801010011")]
    path = write_csv(tmp_path / "r.csv", rows)
    run(path)
    assert "与第 1 行重复：440524198801010011" in rejected(path)[2]


def test_a_gbk_file_with_chinese_headers_is_read(tmp_path, rng, district):
    rows = [person(rng, residence_type="户籍", no_smartphone="否"), person(rng, residence_type="常住")]
    path = write_csv(tmp_path / "gbk.csv", [[r[h] for h in HEADER] for r in rows], CHINESE, "gbk")
    assert "新增 2" in run(path)
    assert Resident.objects.get(id_number=rows[0]["id_number"]).name == rows[0]["name"]
    assert Resident.objects.get(id_number=rows[0]["id_number"]).residence_type == "registered"


def test_an_xlsx_is_read_and_its_bad_rows_rejected(tmp_path, rng, district):
    from openpyxl import Workbook

    good, unknown_grid = person(rng), person(rng, grid_code="999999999999999")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CHINESE)
    sheet.append([good[h] for h in HEADER])
    sheet.append([unknown_grid[h] for h in HEADER])
    sheet.append([None] * len(HEADER))
    workbook.save(tmp_path / "r.xlsx")
    assert "读取 2 行：新增 1，更新 0，未变 0，拒绝 1" in run(tmp_path / "r.xlsx")
    assert Resident.objects.filter(id_number=good["id_number"]).exists()
    assert "网格编码不存在" in rejected(tmp_path / "r.xlsx")[2]


def test_a_missing_required_column_exits_2_and_writes_nothing(tmp_path, rng, district):
    rows = [[r["id_number"], r["name"]] for r in (person(rng), person(rng))]
    path = write_csv(tmp_path / "r.csv", rows, ["身份证号", "姓名"])
    count, events = Resident.objects.count(), ChangeEvent.objects.count()
    assert run_failing(path) == "缺少必需的列：grid_code（网格编码）"
    assert (Resident.objects.count(), ChangeEvent.objects.count()) == (count, events)
    assert not (tmp_path / "r.csv.rejected.csv").exists()


def test_a_missing_file_exits_2_with_a_one_line_reason(tmp_path, district):
    assert "文件不存在" in run_failing(tmp_path / "nope.csv")


def test_an_empty_file_exits_2(tmp_path, district):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert run_failing(tmp_path / "empty.csv") == "文件为空"


def test_a_file_in_an_unknown_encoding_exits_2(tmp_path, district):
    (tmp_path / "r.csv").write_bytes("身份证号,姓名,网格编码\n".encode("utf-16"))
    assert "无法识别文件编码" in run_failing(tmp_path / "r.csv")


def test_a_header_only_file_imports_nothing(tmp_path, district):
    assert "读取 0 行" in run(write_csv(tmp_path / "r.csv", []))


def test_an_unknown_acting_user_exits_2(tmp_path, rng, district):
    path = write_csv(tmp_path / "r.csv", [person(rng)])
    assert run_failing(path, "--as", "nobody") == "用户不存在：nobody"
    assert not Resident.objects.filter(region_code=GRID_A, address="大石村8号").exists()


def test_extra_columns_are_reported_once(tmp_path, rng, district):
    rows = [[*[r[h] for h in HEADER], "备注", "x"] for r in (person(rng), person(rng))]
    out = run(write_csv(tmp_path / "r.csv", rows, [*HEADER, "note", "民族"]))
    assert out.count("已忽略多余的列：note、民族") == 1


@pytest.mark.parametrize("field, value, reason", [
    ("name", "", "姓名为空"),
    ("grid_code", "", "网格编码为空"),
    ("grid_code", VILLAGE, "不是网格"),
    ("residence_type", "游客", "人口类型无效"),
    ("no_smartphone", "也许", "无智能手机应为"),
    ("id_number", "", "身份证号为空"),
    ("id_number", "32068219900101123", "18位"),
    ("id_number", "32068219900230123" + check_digit("32068219900230123"), "出生日期"),
    ("household", "H" * 41, "户号过长"),
])
def test_each_bad_field_is_named_in_the_reason(tmp_path, rng, district, field, value, reason):
    path = write_csv(tmp_path / "r.csv", [person(rng, **{field: value})])
    run(path)
    assert reason in rejected(path)[1]


def test_a_household_cannot_span_two_grids_in_one_file(tmp_path, rng, district):
    path = write_csv(tmp_path / "r.csv", [person(rng, household="H-9"), person(rng, grid=GRID_B, household="H-9")])
    run(path)
    assert "户号 H-9 在文件前面的行中属于网格 320684102001001" in rejected(path)[2]


def test_a_household_moves_with_its_first_member(tmp_path, rng, district):
    rows = [person(rng, household="H-7"), person(rng, household="H-7")]
    path = write_csv(tmp_path / "r.csv", rows)
    run(path)
    for row in rows:
        row["grid_code"] = GRID_B
    write_csv(path, rows)
    assert "更新 2" in run(path)
    assert Household.objects.get(key="H-7").region_code == GRID_B
    assert Household.objects.count() == 1


def test_the_grid_worker_sees_the_imported_people_of_their_grid_only(messy_file, worker, outsider):
    path, rows = messy_file
    run(path)
    assert Resident.objects.restrict(worker).filter(id_number=rows[0]["id_number"]).exists()
    assert not Resident.objects.restrict(outsider).filter(id_number=rows[0]["id_number"]).exists()
    assert Resident.objects.restrict(outsider).filter(id_number=rows[4]["id_number"]).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_batches_are_committed_on_a_second_thread_as_the_acting_user(
        tmp_path, rng, district, admin_user, settings):
    settings.WANGGE_IMPORT_BATCH = 3
    rows = [person(rng, household=f"H-{i // 2}") for i in range(10)] + [person(rng, phone="1")]
    path = write_csv(tmp_path / "r.csv", rows)
    assert "读取 11 行：新增 10，更新 0，未变 0，拒绝 1" in run(path, user=admin_user)
    assert Resident.objects.filter(id_number__in=[r["id_number"] for r in rows]).count() == 10
    assert Household.objects.filter(key__startswith="H-").count() == 5
    events = ChangeEvent.objects.filter(action="bulk", content_type__model="resident")
    assert sorted(events.values_list("count", flat=True)) == [1, 3, 3, 3]
    assert set(events.values_list("user_name", flat=True)) == {admin_user.username}
    assert "新增 0，更新 0，未变 10" in run(path, user=admin_user)
