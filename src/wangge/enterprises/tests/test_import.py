"""`wangge import_enterprises` and `wangge import_employees` (formats.md): USCC check characters, row errors to the
rejected-rows file with their reason, employees matched to residents, scoping, a second import changing nothing."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from stdnum.cn import uscc as stdnum_uscc

from wangge.accounts.choices import Role
from wangge.conftest import OTHER_TOWN, TOWN, VILLAGE, make_user
from wangge.enterprises.models import Employee, Enterprise
from wangge.enterprises.validators import normalize_contact_phone, normalize_uscc
from wangge.simulate.synth import make_id


def make_uscc(body17: str) -> str:
    return body17 + stdnum_uscc.calc_check_digit(body17)


ID1 = make_id("110101", datetime.date(1990, 3, 7), 3)
ID2 = make_id("110101", datetime.date(1990, 3, 7), 101)
GOOD = make_uscc("91320684MA1XYW12A")  # a company of 海门
OTHER = make_uscc("91320684MA1XYW34B")
FAR = make_uscc("91320684MA1XYW56C")  # in 常乐镇


def wrong_check(uscc: str) -> str:
    return uscc[:-1] + ("0" if uscc[-1] != "0" else "1")


def write(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def run(command, path, user=None):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, str(path), *(["--as", user.username] if user else []), stdout=out, stderr=err)
    return out.getvalue()


def rejected(path):
    with open(str(path) + ".rejected.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_uscc_check_character_valid_wrong_and_lower_case():
    assert normalize_uscc(GOOD) == GOOD
    assert normalize_uscc(GOOD.lower()) == GOOD  # lower case is accepted and stored upper case
    with pytest.raises(ValueError, match="校验位错误"):
        normalize_uscc(wrong_check(GOOD))
    with pytest.raises(ValueError, match="18位"):
        normalize_uscc(GOOD[:-2])


def test_contact_phone_mobile_or_fixed_line():
    assert normalize_contact_phone("13912345678") == "13912345678"
    assert normalize_contact_phone("0513-82123456") == "0513-82123456"
    with pytest.raises(ValueError, match="联系电话"):
        normalize_contact_phone("12345")


@pytest.fixture
def enterprises(district, tmp_path):
    path = write(tmp_path / "enterprises.csv", [
        ["统一社会信用代码", "名称", "类型", "规上", "行业", "所在区域编码", "联系人", "联系电话", "员工数"],
        [GOOD.lower(), "三星纺织有限公司", "工业企业", "是", "纺织", VILLAGE, "张三", "0513-82123456", "120"],
        [OTHER, "大石建筑公司", "construction", "0", "建筑", VILLAGE, "", "13912345678", ""],
        [FAR, "常乐商贸", "commerce", "否", "", OTHER_TOWN, "", "", ""],
        ["", "大石棋牌室", "venue", "", "", VILLAGE, "", "", ""],
        [wrong_check(GOOD), "校验位错", "industrial", "", "", VILLAGE, "", "", ""],
        ["", "无代码公司", "industrial", "", "", VILLAGE, "", "", ""],
        [make_uscc("91320684MA1XYW78D"), "电话错", "commerce", "", "", VILLAGE, "", "12345", ""],
        [make_uscc("91320684MA1XYW90E"), "区域错", "commerce", "", "", "320684999", "", "", ""],
        [make_uscc("91320684MA1XYW11F"), "类型错", "飞机场", "", "", VILLAGE, "", "", ""],
    ])
    return path


def test_enterprise_import_keeps_good_rows_and_says_why(enterprises):
    summary = run("import_enterprises", enterprises)
    assert "新增 4" in summary and "拒绝 5" in summary, summary
    textile = Enterprise.objects.get(uscc=GOOD)
    assert textile.above_scale and textile.kind == "industrial" and textile.employee_count == 120
    assert Enterprise.objects.get(name="大石棋牌室").uscc == ""
    reasons = " ".join(r["reason"] for r in rejected(enterprises))
    for words in ("校验位错误", "统一社会信用代码为空", "联系电话", "区域编码不存在", "类型无效"):
        assert words in reasons, reasons
    again = run("import_enterprises", enterprises)
    assert "新增 0" in again and "更新 0" in again, again
    assert Enterprise.objects.count() == 4


def test_employee_import_row_errors_and_resident_match(district, enterprises, tmp_path):
    run("import_enterprises", enterprises)
    resident = district["residents"][district["grid_a"].code][0]
    path = write(tmp_path / "employees.csv", [
        ["uscc", "id_number", "name", "phone", "non_local", "returned_at", "from_place_code"],
        [GOOD, resident.id_number, resident.name, "", "0", "", ""],
        [GOOD, ID1, "外地工", "13812345678", "1", "2021-08-02", "320115"],
        [make_uscc("91320684MA1WWW99W"), ID1, "单位不存在", "", "", "", ""],
        [wrong_check(GOOD), ID1, "代码错", "", "", "", ""],
        [GOOD, ID1[:-1] + ("0" if ID1[-1] != "0" else "1"), "身份证错", "", "", "", ""],
        [GOOD, ID2, "", "", "", "", ""],
        [GOOD, ID2, "日期错", "", "", "8月2日", ""],
    ])
    summary = run("import_employees", path)
    assert "新增 2" in summary and "拒绝 5" in summary, summary
    matched = Employee.objects.get(id_number=resident.id_number)
    assert matched.resident_id == resident.pk and matched.region_code == VILLAGE
    migrant = Employee.objects.get(name="外地工")
    assert migrant.non_local and migrant.resident_id is None and migrant.from_place_code == "320115"
    reasons = [r["reason"] for r in rejected(path)]
    assert "单位不存在" in reasons[0] and "校验位错误" in reasons[1] and "姓名为空" in reasons[3], reasons
    assert "返岗时间格式错误" in reasons[4]
    again = run("import_employees", path)
    assert "新增 0" in again and "更新 0" in again, again


def test_a_village_cadre_sees_and_imports_only_their_enterprises(district, enterprises, tmp_path):
    run("import_enterprises", enterprises)
    village_cadre = make_user("vc", Role.VILLAGE_CADRE, district["village"])
    assert set(Enterprise.objects.restrict(village_cadre).values_list("name", flat=True)) == {
        "三星纺织有限公司", "大石建筑公司", "大石棋牌室"}
    town_cadre = make_user("tc", Role.ENTERPRISE_LIAISON, district["town"])
    path = write(tmp_path / "e.csv", [["uscc", "id_number", "name"], [FAR, ID1, "常乐员工"],
                                      [GOOD, ID1, "三星员工"]])
    summary = run("import_employees", path, town_cadre)
    assert "新增 1" in summary and "拒绝 1" in summary, summary
    assert list(Employee.objects.values_list("name", flat=True)) == ["三星员工"]
    assert TOWN in Enterprise.objects.get(uscc=GOOD).region_code
