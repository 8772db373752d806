"""The command centre's figures of joint punishment, per village."""

from wangge.core import clock
from wangge.dashboard import registry


def test_indicators_count_by_region(make_case, district):
    make_case("punished", found=30)
    make_case("lift_applied", place="别处")
    make_case("persuasion", found=100, place="第三处")
    village, length = district["village"].code, len(district["village"].code)
    town = district["town"].code

    def value(key):
        return registry.get(f"enforcement.{key}").values(town, clock.today(), length).get(village, 0)

    assert value("open") == 3
    assert value("punished") == 2
    assert value("corrected") == 1
    assert value("lifted") == 0
    # the persuasion past its 30 days, the department measures not reported, the lifting review past 7 days
    assert value("overdue") == 3
    assert registry.get("enforcement.open").section == registry.Section.GOVERNANCE
