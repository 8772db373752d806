"""The demo seeds a plausible month for the demo town, deterministically, and a second call adds nothing."""

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock
from wangge.services import demo
from wangge.services.choices import OrderStatus
from wangge.services.models import JobSeeker, Order, ServiceItem

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_menu_orders_in_every_state_and_jobs(district):
    admin = make_user("admin", Role.DISTRICT_ADMIN, district["district"])
    from wangge.people.models import Resident

    rng_people = list(Resident.objects.all())
    assert rng_people
    with clock.frozen(clock.at(clock.today(), 12)):
        line = demo.seed(district["town"], admin, 7)
        assert "点单式" in line
        counts = (ServiceItem.objects.count(), Order.objects.count(), JobSeeker.objects.count())
        assert counts[0] >= 4 and counts[1] >= 6
        names = set(ServiceItem.objects.values_list("name", flat=True))
        assert {"爱心送餐", "老年公益课堂", "书画义务培训", "全民阅读"} <= names
        demo.seed(district["town"], admin, 7)
        assert (ServiceItem.objects.count(), Order.objects.count(), JobSeeker.objects.count()) == counts
    assert set(Order.objects.values_list("status", flat=True)) <= set(OrderStatus.values)
    assert all(o.rating is not None for o in Order.objects.filter(status=OrderStatus.RATED))
