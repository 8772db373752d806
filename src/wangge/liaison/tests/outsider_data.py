"""Grid-A rows of the liaison register for the outsider walk: an enterprise in grid A whose contact is a grid-A
resident, a cadre linked to it, a visit with materials and a problem naming the resident; and a help request of
that enterprise as a hotline work order (enterprises/helpdesk/outsider_data.py)."""

import datetime


def populate(district):
    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.core import clock
    from wangge.enterprises.models import Enterprise
    from wangge.liaison.models import Assignment, Material, Problem, Visit

    grid = district["grid_a"]
    resident = district["residents"][grid.code][0]
    enterprise = Enterprise.objects.filter(region_code=grid.code).first() or Enterprise.objects.create(
        name="大石村恒达纺织厂", region=grid, contact_name=resident.name, contact_phone=resident.phone)
    cadre = User.objects.create_user(username="outsider_data_liaison", password="x", role=Role.ENTERPRISE_LIAISON,
                                     region=district["town"])
    Assignment.objects.create(cadre=cadre, enterprise=enterprise,
                              start_date=clock.today() - datetime.timedelta(days=10))
    visit = Visit.objects.create(enterprise=enterprise, cadre=cadre, date=clock.today(),
                                 checked=f"五有检查，联系人{resident.name}", help_given=f"为{resident.name}协调物资")
    Material.objects.create(visit=visit, kind="handbook", count=10)
    Problem.objects.create(visit=visit, text=f"{resident.name}反映原料运输困难", collected_on=clock.today())
    from wangge.enterprises.helpdesk.outsider_data import populate as help_populate

    if not enterprise.help_requests.exists():
        help_populate(district, enterprise)
