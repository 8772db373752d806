"""Checkpoint fixtures: the shipped policies, a highway exit in 三星镇 and a compound gate in grid A, a volunteer on
duty, the clock stopped on a day of version A, and negative lab results made at run time."""

import datetime
import itertools

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock

DAY = datetime.date(2021, 8, 5)  # version A (Nantong, August 2021) is in force
_barcodes = itertools.count(1)


@pytest.fixture
def shipped(db):
    from wangge.policies.actions import ensure_shipped_policies
    from wangge.policies.models import PolicyVersion

    ensure_shipped_policies()
    return {v.code: v for v in PolicyVersion.objects.all()}


@pytest.fixture
def frozen_day():
    """The clock stopped at noon on DAY."""
    with clock.frozen(clock.at(DAY, 12)) as moment:
        yield moment


@pytest.fixture
def exit_cp(district):
    """A highway exit standing in 大石村 (三星镇)."""
    from wangge.checkpoints.models import Checkpoint

    return Checkpoint.objects.create(code="HW-SX-01", name="三星高速道口", kind="highway", region=district["village"])


@pytest.fixture
def gate_cp(district):
    """A compound gate in grid A: five checks (五查)."""
    from wangge.checkpoints.models import Checkpoint

    return Checkpoint.objects.create(code="XQ-A-01", name="大石村小区东门", kind="compound", region=district["grid_a"])


@pytest.fixture
def volunteer(district):
    """A volunteer of 三星镇 on duty at its checkpoints."""
    return make_user("volunteer", Role.VOLUNTEER, district["town"])


@pytest.fixture
def ready(district, shipped, frozen_day, exit_cp):
    return {"district": district, "checkpoint": exit_cp, "now": frozen_day}


def negative_result(district, id_number: str, tested_at: datetime.datetime, result: str = "negative"):
    """A sample of `id_number` in a tube whose lab result (`result`) came at `tested_at`."""
    from wangge.labtests.models import Campaign, Sample, SamplingSite, Terminal, Tube

    campaign, _ = Campaign.objects.get_or_create(
        name="三星镇核酸检测", defaults={"region": district["town"], "start_date": DAY - datetime.timedelta(days=10),
                                   "end_date": DAY + datetime.timedelta(days=10)})
    site, _ = SamplingSite.objects.get_or_create(campaign=campaign, name="大石村采样点",
                                                 defaults={"region": district["village"]})
    terminal = Terminal.objects.filter(code="T-CP-1").first() or Terminal.objects.create(code="T-CP-1", site=site)
    tube = Tube.objects.create(barcode=f"TBCP{next(_barcodes):06d}", campaign=campaign, site=site, terminal=terminal,
                               region_code=site.region_code, pool_size=10, members=1, state="resulted",
                               opened_at=tested_at - datetime.timedelta(hours=6), result=result, tested_at=tested_at)
    return Sample.objects.create(tube=tube, campaign=campaign, id_number=id_number, region_code=site.region_code,
                                 scanned_at=tested_at - datetime.timedelta(hours=6), terminal=terminal,
                                 event_id=f"ev-{tube.barcode}")


def visitor_id(seq: int = 1) -> str:
    """A synthetic ID number from a county outside the district (a traveller), made at run time."""
    from wangge.simulate.synth import make_id

    return make_id("320102", datetime.date(1985, 3, 14), seq)


@pytest.fixture
def post_check(api_for, volunteer):
    """`post_check(body, user=volunteer, code=checkpoint code)` → the API's response."""

    def post(body, user=None, code="HW-SX-01"):
        return api_for(user or volunteer).post(f"/api/checkpoints/{code}/checks/", body, format="json")

    return post
