import datetime

import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.labtests.models import Campaign, SamplingSite, Terminal

CST = datetime.timezone(datetime.timedelta(hours=8))
T0 = datetime.datetime(2021, 8, 3, 8, 0, tzinfo=CST)


def at(minutes: int) -> str:
    return (T0 + datetime.timedelta(minutes=minutes)).isoformat()


@pytest.fixture
def campaign(district):
    c = Campaign.objects.create(name="第三轮全员核酸检测", region=district["district"],
                                start_date=T0.date(), end_date=T0.date())
    site = SamplingSite.objects.create(campaign=c, name="大石村采样点", region=district["village"])
    Terminal.objects.create(code="T-0001", site=site)
    Terminal.objects.create(code="T-0002", site=site)
    return c


@pytest.fixture
def staff(district):
    return make_user("sampler", Role.SAMPLING_STAFF, district["town"])


class Scans:
    """Builds scan events for a terminal with unique event ids."""

    def __init__(self, terminal="T-0001"):
        self.terminal = terminal
        self.n = 0

    def _id(self):
        self.n += 1
        return f"{self.terminal}-{self.n:06d}"

    def open(self, barcode, pool=10, minute=0):
        return {"event_id": self._id(), "type": "open_tube", "barcode": barcode, "pool_size": pool, "at": at(minute)}

    def add(self, barcode, resident_or_id, minute=1, **extra):
        id_number = getattr(resident_or_id, "id_number", resident_or_id)
        return {"event_id": self._id(), "type": "add_person", "barcode": barcode, "id_number": id_number,
                "at": at(minute), **extra}

    def close(self, barcode, minute=5):
        return {"event_id": self._id(), "type": "close_tube", "barcode": barcode, "at": at(minute)}


@pytest.fixture
def scans():
    return Scans()
