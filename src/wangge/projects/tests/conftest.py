"""Project fixtures: a village cadre of 大石村, three projects of 2021Q3 (two published) and a town project."""

import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock


@pytest.fixture
def frozen():
    with clock.frozen(clock.at(datetime.date(2021, 8, 20), 10)) as moment:
        yield moment


@pytest.fixture
def village_cadre(district):
    return make_user("vcadre", Role.VILLAGE_CADRE, district["village"])


@pytest.fixture
def projects(district, frozen):
    from wangge.projects.models import Project

    village, town = district["village"], district["town"]
    lift = Project.objects.create(region=village, quarter="2021Q3", title="老旧小区加装电梯", category="老旧小区",
                                  responsible="王主任", budget=80, status="in_progress", progress=40,
                                  published=True, published_on=datetime.date(2021, 7, 5))
    road = Project.objects.create(region=village, quarter="2021Q3", title="村道修缮", category="交通", budget=20,
                                  status="done", progress=100, published=True, published_on=datetime.date(2021, 7, 5))
    draft = Project.objects.create(region=village, quarter="2021Q3", title="未公开的草案项目", category="养老")
    street = Project.objects.create(region=town, quarter="2021Q3", title="街道便民中心", status="in_progress",
                                    progress=70, published=True)
    return {"lift": lift, "road": road, "draft": draft, "street": street}
