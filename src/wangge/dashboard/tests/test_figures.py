"""The stored figures and the apps' indicators agree: `figures.refresh(day)` adds each indicator's grid values up
to villages, towns and the district, and `values_for` / `values_at_level` read back what the indicators' own
queries answer for a town, its villages and its grids. And each role sees the figures of the rows it may read."""

import datetime
import random

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import DISTRICT, GRID_A, GRID_B, OTHER_GRID, TOWN, VILLAGE, make_region, make_resident, make_user
from wangge.core import clock
from wangge.dashboard import figures, registry
from wangge.regions.choices import RegionLevel

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 8, 5)
VILLAGE_2, GRID_2 = "320684102002", "320684102002001"


@pytest.fixture(autouse=True)
def fresh_caches(settings, tmp_path):
    """As the hotline's own tests do: catalogue rows cached by intake belong to an earlier test's transaction."""
    from wangge.hotline import actions, dispatch_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    actions._categories.data.clear()
    actions._regions.data.clear()
    dispatch_model._cache.clear()


def _flag(run, resident=None, *, key="", region=None, category="medium"):
    from wangge.screening.models import Flag

    arrived = clock.at(DAY - datetime.timedelta(days=1), 10)
    return Flag.objects.create(
        run=run, person_key=resident.id_number if resident else key, id_number=resident.id_number if resident else key,
        name=resident.name if resident else "未匹配", category=category, area_code="320115005",
        place_code="320115005001", arrived_at=arrived, left_at=arrived, resident=resident,
        grid=resident.grid if resident else None, routed_to=region if resident is None else None,
        region_code=resident.region_code if resident else region.code)


@pytest.fixture
def busy_day(district, admin_user):
    """A second village of 三星镇, and on DAY a little of everything: follow-ups (one routed only to the town),
    doses, a testing campaign with a positive pool, work orders (one placed only at a village, one with no
    place), and the same in the other town, which must never count for 三星镇."""
    from wangge.followup import actions as followup
    from wangge.followup.tests.conftest import load_policy
    from wangge.hotline import actions as hotline
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.labtests import actions as labtests
    from wangge.labtests.models import Campaign, SamplingSite, Terminal
    from wangge.labtests.sync import apply_batch
    from wangge.labtests.tests.conftest import Scans
    from wangge.screening.models import ScreeningRun
    from wangge.vaccination import actions as vaccination
    from wangge.vaccination.models import VaccineProduct

    rng = random.Random(23)
    village_2 = make_region(VILLAGE_2, "小石村", RegionLevel.VILLAGE, district["town"])
    grid_2 = make_region(GRID_2, "小石村第一网格", RegionLevel.GRID, village_2)
    district["residents"][GRID_2] = [make_resident(grid_2, rng) for _ in range(2)]
    a, b, c, g2 = (district["residents"][g] for g in (GRID_A, GRID_B, OTHER_GRID, GRID_2))
    load_policy("A-nantong-2021-08.yaml")
    operator = make_user("operator", Role.HOTLINE_OPERATOR, district["district"])
    ensure_catalogue([district["town"], district["other_town"]])
    with clock.frozen(DAY):
        run = ScreeningRun.objects.create(as_of=clock.at(DAY, 8), file_name="push.csv", policy_code="A",
                                          lookback_days=14, retro_days=14)
        followup.do_open_from_flags(admin_user, [
            _flag(run, a[0]), _flag(run, a[1], category="high"), _flag(run, b[0]), _flag(run, g2[0]),
            _flag(run, c[0]), _flag(run, key="11010519491231002X", region=district["village"]),
            _flag(run, key="440524188001010014", region=district["town"])])
        sinovac = VaccineProduct.objects.get(code="sinovac")
        for person in (a[0], a[2], b[1], g2[1], c[1]):
            vaccination.do_record_dose(admin_user, person, dose_number=1, date=DAY - datetime.timedelta(days=30),
                                       product=sinovac)
        vaccination.do_record_dose(admin_user, a[0], dose_number=2, date=DAY, product=sinovac)
        campaign = Campaign.objects.create(name="全员核酸", region=district["district"], start_date=DAY, end_date=DAY)
        site = SamplingSite.objects.create(campaign=campaign, name="大石村采样点", region=district["village"])
        Terminal.objects.create(code="T-0001", site=site)
        scans = Scans()
        scans_at = clock.at(DAY, 8)
        # People under follow-up are swabbed alone (a pool of 1), the others in pools.
        events = [scans.open("POOL000001"), *[scans.add("POOL000001", p) for p in (a[2], b[1], b[2], g2[1], c[1])],
                  scans.close("POOL000001"), scans.open("SINGLE0001", pool=1), scans.add("SINGLE0001", a[0])]
        for n, event in enumerate(events):
            event["at"] = (scans_at + datetime.timedelta(minutes=n)).isoformat()
        assert not apply_batch(admin_user, "T-0001", events).rejected
        labtests.do_record_results(admin_user, [labtests.ResultRow("POOL000001", "positive", clock.at(DAY, 20))])
        for region, hour in ((district["grid_a"], 9), (district["grid_a"], 10), (grid_2, 11), (district["village"], 12),
                             (None, 13), (district["grid_c"], 14)):
            hotline.do_intake(operator, content=f"咨询{hour}", category="EP04", region=region,
                              received_at=clock.at(DAY, hour))
        hotline.do_intake(operator, content="直接答复", category="EP04", region=district["grid_b"],
                          received_at=clock.at(DAY, 15), answer="按规定报备即可")
    return district


def test_stored_figures_equal_the_indicators_own_queries_for_a_town_its_villages_and_grids(busy_day):
    counts = registry.count_indicators()
    assert len(counts) > 30
    with clock.frozen(DAY):
        figures.refresh(DAY)
        stored = figures.values_for(counts, [TOWN, VILLAGE, VILLAGE_2], DAY)
        grids = figures.values_at_level(counts, TOWN, RegionLevel.GRID, DAY, [GRID_A, GRID_B, GRID_2])
        nonzero = set()
        for indicator in counts:
            town = registry.evaluate(indicator, DISTRICT, DAY, 9).get(TOWN, 0)
            villages = registry.evaluate(indicator, TOWN, DAY, 12)
            in_grids = registry.evaluate(indicator, TOWN, DAY, 15)
            assert stored[indicator.key][TOWN] == town, indicator.key
            assert stored[indicator.key][VILLAGE] == villages.get(VILLAGE, 0), indicator.key
            assert stored[indicator.key][VILLAGE_2] == villages.get(VILLAGE_2, 0), indicator.key
            assert grids[indicator.key] == {g: in_grids.get(g, 0) for g in (GRID_A, GRID_B, GRID_2)}, indicator.key
            if town:
                nonzero.add(indicator.key)
    # The scenario exercises every app.
    assert {"people.residents", "followup.pushed", "vaccination.first_dose", "labtests.sampled",
            "labtests.positive_pools", "hotline.received", "hotline.answered"} <= nonzero
    pushed = stored["followup.pushed"]
    # The village adds its two grids and the person routed to it; the person routed only to the town counts for
    # the town and for neither village; the other town's person for none of them.
    assert grids["followup.pushed"] == {GRID_A: 2, GRID_B: 1, GRID_2: 1}
    assert (pushed[VILLAGE], pushed[VILLAGE_2], pushed[TOWN]) == (4, 1, 6)
    received = stored["hotline.received"]
    assert (received[VILLAGE], received[VILLAGE_2], received[TOWN]) == (4, 1, 5)  # the place-less order: nowhere


def test_ratios_are_worked_out_from_the_stored_counts(busy_day):
    with clock.frozen(DAY):
        figures.refresh(DAY)
        keys = ["vaccination.first_coverage", "labtests.coverage", "hotline.direct_rate", "followup.verified_share"]
        table = figures.values_for([registry.get(k) for k in keys], [TOWN, VILLAGE, VILLAGE_2, GRID_2], DAY)
    # 小石村: two residents, one with a first dose, one sampled; 大石村: four of its six residents sampled.
    assert table["vaccination.first_coverage"][VILLAGE_2] == 50.0
    assert table["labtests.coverage"][VILLAGE] == 66.7 and table["labtests.coverage"][GRID_2] == 50.0
    assert table["hotline.direct_rate"][VILLAGE] == 25.0 and table["hotline.direct_rate"][TOWN] == 20.0
    assert table["followup.verified_share"][TOWN] == 0.0


def test_each_role_sees_the_figures_of_the_rows_it_may_read(busy_day, worker):
    operator = make_user("op2", Role.HOTLINE_OPERATOR, busy_day["district"])
    for_worker = {i.key for i in registry.visible_to(worker)}
    for_operator = {i.key for i in registry.visible_to(operator)}
    assert "followup.pushed" in for_worker and "vaccination.full_coverage" in for_worker
    assert not {k for k in for_worker if k.startswith("hotline.")}
    assert "hotline.received" in for_operator and "hotline.on_time_rate" in for_operator
    assert not {k for k in for_operator if k.split(".")[0] in ("followup", "people", "vaccination", "labtests")}
