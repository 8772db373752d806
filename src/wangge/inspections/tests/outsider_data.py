"""Grid-A rows of the inspections for the generic outsider walk (core/tests/test_outsider.py): a chess room in grid
A inspected with a failure (a finding) and a photo, re-inspected, a closure notice to it with a delivery signed for
with a signature photo, and a campaign over grid A."""

import datetime

from django.core.files.base import ContentFile

from wangge.core import clock

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def populate(district):
    from wangge.enterprises.models import Enterprise
    from wangge.inspections.actions import ensure_shipped_checklists
    from wangge.inspections.models import Campaign, Checklist, Delivery, Finding, Inspection, Notice, Photo, Result

    ensure_shipped_checklists()
    grid = district["grid_a"]
    today = clock.today()
    venue = Enterprise.objects.create(name="网格甲棋牌室", kind="venue", region=grid)
    wuyou = Checklist.objects.get(code="wuyou", version=1)
    campaign = Campaign.objects.create(name="网格甲两轮检查", region=grid, starts_on=today, ends_on=today, rounds=2)
    notice = Notice.objects.create(title="网格甲告知书", text="暂停营业", region=grid, scope="chosen",
                                   effective_from=today)
    notice.venues.set([venue])
    delivery = Delivery.objects.create(notice=notice, enterprise=venue, delivered_at=clock.now(), signer_name="甲老板")
    delivery.signature.save("s.png", ContentFile(PNG))
    first = Inspection.objects.create(enterprise=venue, checklist=wuyou, inspected_on=today, state="open",
                                      campaign=campaign, notice=notice)
    item = wuyou.items.first()
    result = Result.objects.create(inspection=first, item=item, answer="fail", note="无指南")
    photo = Photo(result=result)
    photo.photo.save("p.png", ContentFile(PNG))
    Finding.objects.create(inspection=first, enterprise=venue, item=item, description="无指南", responsible="甲老板",
                           deadline=today + datetime.timedelta(days=3))
    Inspection.objects.create(enterprise=venue, checklist=wuyou, inspected_on=today, first=first, state="open")
