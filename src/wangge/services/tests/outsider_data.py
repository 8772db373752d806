"""Grid-A rows of the services register for the outsider walk (core/tests/test_outsider.py): orders of a grid-A
resident in every state, that resident as a job seeker, trained and placed — so that every services page and endpoint
is walked with a grid-A person behind it."""


def populate(district):
    import datetime

    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.core import clock
    from wangge.services.models import Attendance, JobPosting, JobSeeker, Order, Placement, ServiceItem, Training
    from wangge.volunteers.models import Team

    grid, village = district["grid_a"], district["village"]
    resident, other = district["residents"][grid.code][:2]
    team = Team.objects.create(name="大石村助老志愿服务队", region=village)
    item = ServiceItem.objects.create(region=village, name="爱心送餐", category="meals", team=team)
    grid_item = ServiceItem.objects.create(region=grid, name="第一网格读书角", category="reading", team=team)
    clerk = User.objects.create_user(username="outsider_data_services", password="x", role=Role.GRID_WORKER,
                                     region=grid)
    now = clock.now()
    for status, who in (("ordered", resident), ("taken", resident), ("done", other), ("rated", other)):
        Order.objects.create(item=item, resident=who, ordered_at=now, ordered_by=clerk, status=status, team=team,
                             rating=4 if status == "rated" else None, rating_comment="很好")
    Order.objects.create(item=grid_item, resident=resident, ordered_at=now, ordered_by=clerk)
    seeker = JobSeeker.objects.create(resident=resident, landless=True, skills="缝纫",
                                      registered_on=clock.today() - datetime.timedelta(days=30))
    training = Training.objects.create(region=grid, title="缝纫工技能培训", date=clock.today(),
                                       organiser="海门中等专业学校")
    Attendance.objects.create(training=training, seeker=seeker)
    posting = JobPosting.objects.create(region=grid, employer_name="海门纺织有限公司", title="缝纫工",
                                        posted_on=clock.today())
    Placement.objects.create(seeker=seeker, posting=posting, employer_name=posting.employer_name,
                             placed_on=clock.today(), monthly_wage=4500)
