"""Synthetic rows for the services tests (people come from the `district` fixture's registry)."""

import datetime

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.services.models import ServiceItem
from wangge.volunteers.models import Team, Volunteer

DAY = datetime.date(2021, 8, 10)


def make_world(district):
    village = district["village"]
    team = Team.objects.create(name="大石村爱心志愿服务队", region=village)
    vol_user = make_user("vol", Role.VOLUNTEER, district["grid_b"])
    vol = Volunteer.objects.create(name="志愿者甲", region=village, team=team, user=vol_user)
    other_village = district["grid_c"].parent
    other_team = Team.objects.create(name="常乐村志愿服务队", region=other_village)
    meals = ServiceItem.objects.create(region=village, name="爱心送餐", category="meals", team=team)
    classes = ServiceItem.objects.create(region=village, name="老年公益课堂", category="classes", team=team)
    far_item = ServiceItem.objects.create(region=other_village, name="全民阅读", category="reading", team=other_team)
    resident = district["residents"][district["grid_a"].code][0]
    return {"village": village, "team": team, "vol": vol, "vol_user": vol_user, "other_team": other_team,
            "meals": meals, "classes": classes, "far_item": far_item, "resident": resident}
