"""Follow-up's figures on the command centre: the daily board's figures and who is under each measure, at grid,
village and town level, equal to a hand count, to the board itself and to the measure list's tabs."""

import datetime
from collections import Counter

import pytest

from wangge.conftest import GRID_A, OTHER_GRID, TOWN, VILLAGE
from wangge.dashboard import registry
from wangge.dashboard.levels import action_link
from wangge.dashboard.tests.helpers import at_levels, expected_levels, live, stored
from wangge.followup import actions
from wangge.followup.board import BOARD_COLUMNS, board_counts
from wangge.followup.choices import OPEN_STATES, TaskKind
from wangge.followup.models import FollowUp, Task
from wangge.followup.worker import FollowUpWorker
from wangge.policies.choices import MeasureKind

from .conftest import DAY1

pytestmark = pytest.mark.django_db

ZHAO_ID, QIAN_ID = "11010519491231002X", "440524188001010014"


@pytest.fixture
def pushed(district, policy_a, today, make_flag, admin_user, worker):
    """Pushed on DAY1: grid A's medium (verified) and high (unreachable three times → escalated); an unmatched
    person routed to the village, another routed only to the town; a same-city person in the other town."""
    a = district["residents"][GRID_A]
    c = district["residents"][OTHER_GRID]
    actions.do_open_from_flags(admin_user, [
        make_flag(a[0], "medium"), make_flag(a[1], "high"), make_flag(c[0], "same_city"),
        make_flag(None, "medium", id_number=ZHAO_ID, name="赵六", region=district["village"]),
        make_flag(None, "medium", id_number=QIAN_ID, name="钱八", region=district["town"])])
    medium, high = FollowUp.objects.get(resident=a[0]), FollowUp.objects.get(resident=a[1])
    actions.do_verify(worker, Task.objects.get(followup=medium, kind=TaskKind.VERIFY), outcome="reached")
    for _ in range(3):
        actions.do_mark_unreachable(worker, Task.objects.get(followup=high, kind=TaskKind.VERIFY))
    return {"medium": medium, "high": high}


def by_code(followups) -> Counter:
    return Counter(f.region_code for f in followups)


def test_the_days_people_figures_match_a_hand_count(pushed):
    everyone = list(FollowUp.objects.all())
    day1 = [f for f in everyone if f.opened_on == DAY1]
    hand = {
        "followup.pushed": by_code(day1),
        "followup.matched": by_code(f for f in day1 if f.resident_id),
        "followup.verified": by_code(f for f in day1 if f.verified_at),
        "followup.unreachable": by_code(f for f in day1 if f.state in ("unreachable", "escalated")),
        "followup.uncleared": by_code(f for f in everyone if not f.verified_at and f.is_open),
    }
    assert hand["followup.pushed"] == Counter({GRID_A: 2, VILLAGE: 1, TOWN: 1, OTHER_GRID: 1})
    for key, counts in hand.items():
        assert at_levels(key, DAY1) == expected_levels(counts), key
    # The person routed to the town counts for the town and for no village; the other town's never for this one.
    assert live("followup.pushed", DAY1, 12, region=TOWN) == {VILLAGE: 3, TOWN: 1}
    assert live("followup.pushed", DAY1, 9) == {TOWN: 4, OTHER_GRID[:9]: 1}
    assert live("followup.uncleared", DAY1, 15, region=VILLAGE) == {GRID_A: 1, VILLAGE: 1}
    # Nobody was pushed or waiting the day before.
    before = DAY1 - datetime.timedelta(days=1)
    assert live("followup.pushed", before, 9) == {} and live("followup.uncleared", before, 9) == {}


def test_an_escalated_task_counts_for_the_persons_grid(pushed):
    task = Task.objects.get(followup=pushed["high"], kind=TaskKind.VERIFY)
    assert task.region_code == VILLAGE  # handed up to the village …
    assert live("followup.escalated", DAY1, 15) == {GRID_A: 1}  # … and still the grid's figure


def test_the_command_centre_and_the_board_count_the_same_rows(pushed, admin_user, worker, today):
    FollowUpWorker().run_pass()
    visit = Task.objects.get(followup=pushed["medium"], kind=TaskKind.DAILY_VISIT, state="open")
    assert actions.do_record_visit(worker, visit, temperature="38.4").alert
    day2 = today.move(1)
    FollowUpWorker().run_pass()
    for day in (DAY1, day2):
        for parent, length in (("320684", 9), ("320684102", 12), ("320684102001", 15)):
            board = board_counts(FollowUp.objects.all(), Task.objects.all(), parent, length, day)
            for name in BOARD_COLUMNS:
                expected = {code: row[name] for code, row in board.items() if row[name]}
                assert live(f"followup.{name}", day, length, region=parent) == expected, (name, day, parent)
    assert live("followup.fever", day2, 15) == {GRID_A: 1}
    overdue = Counter(t.followup.region_code for t in Task.objects.select_related("followup")
                      if t.state == "open" and t.overdue)
    assert overdue and at_levels("followup.overdue", day2) == expected_levels(overdue)


def test_people_under_each_measure_match_their_plans_and_the_measure_list(pushed, client_for, admin_user):
    hand: dict[str, Counter] = {kind: Counter() for kind in MeasureKind.values}
    for followup in FollowUp.objects.filter(state__in=OPEN_STATES):
        for phase in followup.plan.get("phases", []):
            if phase["start"] <= DAY1.isoformat() <= phase["end"]:
                hand[phase["kind"]][followup.region_code] += 1
    assert sum(sum(c.values()) for c in hand.values()) >= 4
    for kind, counts in hand.items():
        assert at_levels(f"followup.under_{kind}", DAY1) == expected_levels(counts), kind
    tabs = client_for(admin_user).get("/followup/measures/").context["kinds"]
    assert {t["kind"]: t["count"] for t in tabs} == {k: sum(c.values()) for k, c in hand.items() if c}


def test_the_share_verified_is_none_for_a_region_with_nobody_pushed(pushed):
    table = stored(["followup.verified_share", "followup.pushed"], [TOWN, GRID_A, "320684102001002"], DAY1)
    assert table["followup.verified_share"] == {TOWN: 25.0, GRID_A: 50.0, "320684102001002": None}
    assert table["followup.pushed"] == {TOWN: 4, GRID_A: 2, "320684102001002": 0}


def test_each_people_figure_links_to_the_list_of_its_names(pushed, client_for, admin_user):
    client = client_for(admin_user)
    for name in ("pushed", "matched", "verified", "unreachable", "uncleared"):
        indicator = registry.get(f"followup.{name}")
        for code in (GRID_A, VILLAGE, TOWN):
            value = live(indicator.key, DAY1, len(code), region=code).get(code, 0)
            page = client.get(action_link(indicator, code, DAY1))
            assert page.status_code == 200 and page.context["total"] == value, (name, code)
    indicator = registry.get("followup.under_home_isolation")
    value = live(indicator.key, DAY1, 9).get(TOWN, 0)
    assert value and client.get(action_link(indicator, TOWN, DAY1)).context["total"] == value
