"""Joint-punishment fixtures: two member departments with a handler each, the clock on 5 August 2021, and a case
factory walking a case to a phase through the actions."""

import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock

DAY = datetime.date(2021, 8, 5)


@pytest.fixture
def frozen_day():
    with clock.frozen(clock.at(DAY, 15)) as moment:
        yield moment


@pytest.fixture
def departments(db):
    from wangge.hotline.models import Department

    return {"ZJJ": Department.objects.create(code="ZJJ", name="区住房和城乡建设局"),
            "SJJ": Department.objects.create(code="SJJ", name="区市场监督管理局")}


def handler_of(department, username, region):
    from wangge.hotline.models import DepartmentMember

    user = make_user(username, Role.DEPARTMENT_HANDLER, region)
    DepartmentMember.objects.create(user=user, department=department)
    return user


@pytest.fixture
def handlers(district, departments):
    return {code: handler_of(d, f"handler_{code.lower()}", district["district"]) for code, d in departments.items()}


def days_before(n: int) -> datetime.date:
    return DAY - datetime.timedelta(days=n)


@pytest.fixture
def make_case(district, cadre, departments, frozen_day):
    """`make_case(upto)`: a case of a grid-A resident walked through the actions up to the phase `upto`."""
    from wangge.enforcement import actions

    def make(upto="found", *, found=200, resident=None, place="楼顶违建"):
        resident = resident or district["residents"][district["grid_a"].code][0]
        case = actions.do_create_case(cadre, kind="building", place=place, region=district["grid_a"],
                                      resident=resident, found_on=days_before(found), description="屋顶加层")
        if upto == "found":
            return case
        actions.do_record_visit(cadre, case, on=days_before(found - 5), people="执法队 徐某", result="refused")
        if upto == "persuasion":
            return case
        actions.do_apply(cadre, case, on=days_before(found - 10), note="劝导无效")
        if upto == "applied":
            return case
        actions.do_approve(cadre, case, on=days_before(found - 12),
                           measures=[(departments["ZJJ"], "暂停办理不动产登记"), (departments["SJJ"], "暂停工商变更")])
        if upto == "punished":
            return case
        actions.do_correct(cadre, case, kind="assisted", on=days_before(found - 20), hours=3)
        if upto == "corrected":
            return case
        actions.do_apply_lift(cadre, case, on=days_before(found - 21), reason="已拆除")
        return case

    return make


@pytest.fixture(autouse=True)
def english():
    """The refusals are asserted in their English msgids (the pages run in the user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
