"""Follow-up fixtures: policy A in force, a frozen clock in August 2021, and flags as the screening engine makes
them (real screening.Flag rows when that app has its model, else plain objects with the same attributes)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from wangge.core import clock

DAY1 = datetime.date(2021, 8, 5)


def load_policy(filename: str, active: bool = True):
    import wangge.policies
    from wangge.policies.choices import VersionStatus
    from wangge.policies.models import PolicyVersion

    version = PolicyVersion(status=VersionStatus.ACTIVE if active else VersionStatus.DRAFT)
    version.load_yaml((Path(wangge.policies.__file__).parent / "data" / filename).read_text(encoding="utf-8"))
    version.save()
    return version


@pytest.fixture
def policy_a(db):
    return load_policy("A-nantong-2021-08.yaml")


@pytest.fixture
def today():
    """The clock stands at noon on 2021-08-05; `today.move(n)` moves it to noon n days later."""

    class Clock:
        day = DAY1

        def move(self, days: int = 1):
            self.day = self.day + datetime.timedelta(days=days)
            clock._frozen = clock.at(self.day)
            return self.day

    with clock.frozen(DAY1):
        yield Clock()


def arrived(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def make_flag(db):
    """`make_flag(resident, "medium")` or `make_flag(None, "high", id_number=…, region=village)`: a stored
    screening.Flag of one run, as the engine stores them."""
    from wangge.screening.models import Flag, ScreeningRun

    def new_run():
        return ScreeningRun.objects.create(as_of=arrived(DAY1, 8), file_name="push.csv", policy_code="A",
                                           lookback_days=14, retro_days=14)

    run = new_run()

    def make(resident, category, arrived_on=DAY1 - datetime.timedelta(days=1), *, id_number="", phone="",
             name="", region=None, another_run=False):
        if resident is not None:
            id_number, phone, name = resident.id_number, resident.phone, resident.name
        region_code = resident.region_code if resident is not None else (region.code if region else "")
        return Flag.objects.create(
            run=new_run() if another_run else run, person_key=id_number or phone, id_number=id_number,
            phone=phone, name=name, category=category,
            area_code="320115005", place_code="320115005001", arrived_at=arrived(arrived_on),
            left_at=arrived(arrived_on), resident=resident, grid=resident.grid if resident is not None else None,
            routed_to=region if resident is None else None, region_code=region_code)

    return make


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas are created with passwords; a fast hasher keeps the suite quick on a shared machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
