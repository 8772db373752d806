"""`wangge import_volunteers` (formats.md, volunteers.csv): good rows in, bad rows to the rejected file with the reason,
teams created in the village, ages from the ID number, residents linked, a second run changes nothing."""

import csv
import datetime
import random

import pytest
from django.core.management import call_command

from wangge.simulate.synth import make_id, random_name, random_phone
from wangge.volunteers.models import Team, Volunteer

pytestmark = pytest.mark.django_db


def write(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["身份证号", "姓名", "手机号", "服务队", "所在区域编码", "党员", "特长"])
        writer.writerows(rows)


def test_import_with_bad_rows(tmp_path, district, capsys):
    rng = random.Random(5)
    resident = district["residents"][district["grid_a"].code][0]
    elder_id = make_id("320684", datetime.date(1947, 5, 1), 11)
    valid = make_id("320684", datetime.date(1985, 6, 1), 21)
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    good = [
        [resident.id_number, resident.name, resident.phone, "攻坚有我服务队", district["grid_a"].code, "是",
         "驾驶、医护"],
        [elder_id, random_name(rng), random_phone(rng), "攻坚有我服务队", district["village"].code, "1", "宣传,测温"],
        [make_id("320684", datetime.date(1990, 1, 1), 12).lower(), random_name(rng), random_phone(rng), "",
         district["grid_c"].code, "否", ""],
    ]
    bad = [
        [wrong_check, random_name(rng), random_phone(rng), "x", district["village"].code, "1", ""],
        [make_id("320684", datetime.date(1980, 1, 1), 13), random_name(rng), "12345", "x", district["village"].code,
         "1", ""],
        [make_id("320684", datetime.date(1980, 1, 1), 15), random_name(rng), random_phone(rng), "x", "320684999",
         "1", ""],
        [make_id("320684", datetime.date(1980, 1, 1), 17), "", random_phone(rng), "x", district["village"].code, "1",
         ""],
        [make_id("320684", datetime.date(1980, 1, 1), 19), random_name(rng), random_phone(rng), "x",
         district["village"].code, "也许", ""],
        [elder_id, random_name(rng), random_phone(rng), "", district["village"].code, "1", ""],  # a duplicate
    ]
    path = tmp_path / "volunteers.csv"
    write(path, good + bad, encoding="gb18030")
    call_command("import_volunteers", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "新增 3" in out and "拒绝 6" in out
    with open(tmp_path / "volunteers.csv.rejected.csv", encoding="utf-8-sig") as f:
        rejected = list(csv.DictReader(f))
    assert [int(r["row"]) for r in rejected] == [4, 5, 6, 7, 8, 9]
    reasons = [r["reason"] for r in rejected]
    assert "校验位" in reasons[0] and "手机号" in reasons[1] and "320684999" in reasons[2]
    assert "name" in reasons[3].lower() or "姓名" in reasons[3]
    assert "也许" in reasons[4]
    assert "第 2 行" in reasons[5]

    team = Team.objects.get(name="攻坚有我服务队")
    assert team.region == district["village"]  # a grid's volunteer: the team is in the grid's village
    linked = Volunteer.objects.get(id_number=resident.id_number)
    assert linked.resident == resident and linked.team == team and linked.skill_list == ["驾驶", "医护"]
    elder = Volunteer.objects.get(id_number=elder_id)
    assert elder.birth_date == datetime.date(1947, 5, 1) and elder.skills == "宣传、测温" and elder.party_member
    assert Volunteer.objects.get(region=district["grid_c"]).team is None

    call_command("import_volunteers", str(path), "--no-progress")
    again = capsys.readouterr().out
    assert "新增 0，更新 0，未变 3" in again and Team.objects.count() == 1


def test_a_file_without_the_required_columns_is_refused(tmp_path, district):
    path = tmp_path / "v.csv"
    path.write_text("身份证号,姓名\n11010519491231002X,张三\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_volunteers", str(path), "--no-progress")
    assert exit_info.value.code == 2 and not Volunteer.objects.exists()
