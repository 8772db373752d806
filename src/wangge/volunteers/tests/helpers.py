"""Synthetic people and posts for the volunteers tests (generated at run time: no real-looking person in a file)."""

import datetime
import random

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock
from wangge.simulate.synth import make_id, random_name, random_phone
from wangge.volunteers.models import Post, Team, Volunteer

RNG = random.Random(11)
DAY = datetime.date(2021, 8, 10)  # the planned day: the tests freeze the clock the day before


def at(hour: int, minute: int = 0, day: datetime.date = DAY, days: int = 0) -> datetime.datetime:
    return clock.at(day + datetime.timedelta(days=days), hour, minute)


def make_volunteer(region, team=None, *, age: int = 40, user=None, name=None, **extra) -> Volunteer:
    birth = datetime.date(DAY.year - age, 3, 1)
    return Volunteer.objects.create(id_number=make_id("320684", birth, RNG.randrange(1000)),
                                    name=name or random_name(RNG), phone=random_phone(RNG), region=region, team=team,
                                    user=user, party_member=True, **extra)


def volunteer_with_login(username, region, team=None, **extra):
    user = make_user(username, Role.VOLUNTEER, region)
    return make_volunteer(region, team, user=user, **extra), user


def make_team(village, name="大石村防疫志愿服务队", leader_username=None):
    team = Team.objects.create(name=name, region=village, party_branch="大石村党总支")
    if leader_username:
        leader, user = volunteer_with_login(leader_username, village, team)
        team.leader = leader
        team.save()
        return team, user
    return team, None


def make_post(region, name="大石村卡口", headcount=3):
    return Post.objects.create(name=name, region=region, headcount=headcount)
