import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock

from .helpers import DAY, make_post, make_team, make_volunteer, volunteer_with_login


@pytest.fixture
def roster(district):
    """大石村: a team with its leader (login `leader`), four members (one aged 74, one with login `vol`), two posts;
    常乐村: a team of its own with one member. The clock is frozen the day before the planned day."""
    village = district["village"]
    team, leader = make_team(village, leader_username="leader")
    vol, vol_user = volunteer_with_login("vol", village, team)
    members = [make_volunteer(village, team) for _ in range(2)]
    elder = make_volunteer(village, team, age=74)
    other_village = district["grid_c"].parent
    other_team, _ = make_team(other_village, name="常乐村志愿服务队")
    stranger = make_volunteer(other_village, other_team)
    gate = make_post(village, "大石村卡口")
    exit_post = make_post(district["grid_a"], "海门东高速道口", headcount=2)
    village_cadre = make_user("vcadre", Role.VILLAGE_CADRE, village)
    with clock.frozen(clock.at(DAY - datetime.timedelta(days=1), 9)):
        yield {"village": village, "team": team, "leader": leader, "leader_row": team.leader, "vol": vol,
               "vol_user": vol_user, "members": members, "elder": elder, "stranger": stranger,
               "other_team": other_team, "gate": gate, "exit": exit_post, "village_cadre": village_cadre}
