import pytest
from django.core.management import call_command

from wangge.vaccination.models import Dose, VaccinationStatus


@pytest.fixture
def people(district):
    return district["residents"][district["grid_a"].code]


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "doses.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_importing_doses_keeps_good_rows_rejects_bad_ones_and_is_idempotent(people, tmp_path, capsys):
    a, b, c = people
    path = write(tmp_path, "\n".join([
        "身份证号,剂次,接种日期,疫苗,接种点",
        f"{a.id_number},1,2021-07-01,sinovac,",
        f"{a.id_number},2,2021-07-29,科兴中维,",
        f"{b.id_number},2,2021-07-29,sinovac,",           # skips dose 1
        f"{c.id_number},1,2021-07-01,no-such-vaccine,",
        f"{c.id_number[:-1]}{'1' if c.id_number[-1] != '1' else '2'},1,2021-07-01,sinovac,",  # bad check digit
        f"{a.id_number},3,2021-07-20,sinovac,",           # before dose 2
    ]) + "\n", encoding="gbk")
    call_command("import_doses", str(path), "--no-progress")
    rejected = (tmp_path / "doses.csv.rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    reasons = {line.split(",")[0]: line for line in rejected[1:]}
    assert sorted(reasons) == ["3", "4", "5", "6"]
    assert "校验位" in reasons["5"] and "第 2 剂跳过" in reasons["3"] and "早于上一剂" in reasons["6"]
    status = VaccinationStatus.objects.get(resident=a)
    assert (status.doses, str(status.full_course_date)) == (2, "2021-07-29")
    capsys.readouterr()
    call_command("import_doses", str(path), "--no-progress")
    assert "新增 0" in capsys.readouterr().out
    assert Dose.objects.count() == 2


def test_a_missing_file_exits_2(db, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        call_command("import_doses", str(tmp_path / "nope.csv"), "--no-progress")
    assert exit_.value.code == 2
