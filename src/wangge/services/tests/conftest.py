import pytest

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock

from .helpers import DAY, make_world


@pytest.fixture
def world(district):
    """大石村: a menu (爱心送餐 by its team), a team with a volunteer login `vol`; the grid worker of grid A
    (`worker`), a village cadre (`vcadre`); 常乐村 with a team of its own. The clock is frozen on DAY, 9:00."""
    with clock.frozen(clock.at(DAY, 9)):
        data = make_world(district)
        data["vcadre"] = make_user("vcadre", Role.VILLAGE_CADRE, district["village"])
        data["worker"] = make_user("worker", Role.GRID_WORKER, district["grid_a"])
        data["outsider"] = make_user("outsider", Role.GRID_WORKER, district["grid_b"])
        yield data
