"""Grid-A rows of the duty roster for the outsider walk (core/tests/test_outsider.py): a grid-A resident who is a
volunteer of 大石村's team with a login, a post in grid A, a shift with them on it (checked in), a no-show, and a
cadre sent down to 大石村 — so that every volunteers page and endpoint is walked with a grid-A person behind it."""

import datetime


def populate(district):
    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.core import clock
    from wangge.volunteers.models import CadreDeployment, Post, Shift, SignUp, Team, Volunteer

    grid, village = district["grid_a"], district["village"]
    resident = district["residents"][grid.code][0]
    other = district["residents"][grid.code][1]
    team = Team.objects.create(name="大石村第一网格志愿服务队", region=village, party_branch="第一网格党支部")
    login = User.objects.create_user(username="outsider_data_volunteer", password="x", role=Role.VOLUNTEER,
                                     region=grid)
    volunteer = Volunteer.objects.create(id_number=resident.id_number, name=resident.name, phone=resident.phone,
                                         region=grid, team=team, resident=resident, user=login, party_member=True)
    absent = Volunteer.objects.create(id_number=other.id_number, name=other.name, phone=other.phone, region=grid,
                                      team=team, resident=other)
    team.leader = volunteer
    team.save()
    post = Post.objects.create(name="第一网格小区门岗", region=grid, team=team, headcount=2)
    now = clock.now()
    past = Shift.objects.create(post=post, start=now - datetime.timedelta(hours=10),
                                end=now - datetime.timedelta(hours=2), needed=2, team=team)
    SignUp.objects.create(shift=past, volunteer=volunteer, checked_in_at=past.start,
                          checked_out_at=past.end, hours=8)
    SignUp.objects.create(shift=past, volunteer=absent)
    cadre = User.objects.create_user(username="outsider_data_cadre", password="x", role=Role.TOWN_CADRE,
                                     region=district["town"], display_name=resident.name)
    report = CadreDeployment.objects.create(cadre=cadre, department="区教育局", region=village,
                                            start_date=clock.today(), end_date=clock.today(), status="approved")
    Volunteer.objects.create(kind="cadre", name=resident.name, user=cadre, region=village, deployment=report)
