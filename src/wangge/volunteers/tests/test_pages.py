"""The duty pages as their users meet them: the volunteer's own, the leader's team, the cadre's plan and figures."""

import io
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.core import clock
from wangge.core.ids import mask_phone
from wangge.dashboard.registry import evaluate, get
from wangge.volunteers import actions
from wangge.volunteers.models import SignUp

from .helpers import DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_plan(roster):
    """The planned day: 08–16 at the gate (vol, the elder, a member), 16–24 at the exit (the other member)."""
    gate = actions.do_plan_shift(roster["leader"], roster["gate"], start=at(8), end=at(16),
                                 volunteers=[roster["vol"], roster["elder"], roster["members"][0]]).shift
    exit_shift = actions.do_plan_shift(roster["leader"], roster["exit"], start=at(16), end=at(0, days=1),
                                       volunteers=[roster["members"][1]]).shift
    return gate, exit_shift


def test_a_volunteer_sees_their_own_shifts_and_nobody_elses_data(roster, day_plan, client_for):
    client = client_for(roster["vol_user"])
    page = client.get("/volunteers/")
    text = page.content.decode()
    assert page.status_code == 200 and "大石村卡口" in text
    for other in (roster["elder"], roster["members"][0], roster["members"][1]):
        assert other.name not in text and mask_phone(other.phone) not in text
    # the cadre's pages and the roster API are not theirs
    for url in ("/volunteers/shifts/", f"/volunteers/shifts/{day_plan[0].pk}/", "/volunteers/people/",
                "/volunteers/figures/", "/api/volunteers/people/", "/api/volunteers/sign-ups/"):
        assert client.get(url).status_code == 403, url
    mine = client.get("/api/volunteers/my/").json()
    assert [s["volunteer_name"] for s in mine] == [roster["vol"].name]


def test_the_volunteer_signs_up_for_an_open_shift_on_the_page(roster, day_plan, client_for):
    client = client_for(roster["vol_user"])
    tomorrow = actions.do_plan_shift(roster["leader"], roster["exit"], start=at(8, days=1), end=at(12, days=1),
                                     volunteers=[roster["members"][1]]).shift
    page = client.get("/volunteers/").content.decode()
    assert f"/volunteers/shifts/{tomorrow.pk}/sign-up/" in page
    # the exit's evening shift has a free place, but with the morning at the gate it makes 16 hours in 24:
    # refused with the rule named, nothing written
    answer = client.post(f"/volunteers/shifts/{day_plan[1].pk}/sign-up/", follow=True).content.decode()
    assert "12" in answer and "16" in answer
    assert not SignUp.objects.filter(shift=day_plan[1], volunteer=roster["vol"]).exists()
    client.post(f"/volunteers/shifts/{tomorrow.pk}/sign-up/")
    assert SignUp.objects.filter(shift=tomorrow, volunteer=roster["vol"], source="signed_up").exists()


def test_check_in_and_out_through_the_qr_page(roster, day_plan, client_for):
    client = client_for(roster["vol_user"])
    token = actions.post_token(roster["gate"])
    signup = SignUp.objects.get(shift=day_plan[0], volunteer=roster["vol"])
    with clock.frozen(at(7, 45)):
        page = client.get("/volunteers/checkin/?" + urlencode({"t": token}))
        assert 'data-checkin="in"' in page.content.decode()
        client.post("/volunteers/checkin/", {"t": token, "signup": signup.pk, "op": "in"})
    with clock.frozen(at(12)):
        page = client.get("/volunteers/checkin/?" + urlencode({"t": token}))
        assert 'data-checkin="out"' in page.content.decode()
        client.post("/volunteers/checkin/", {"t": token, "signup": signup.pk, "op": "out"})
    signup.refresh_from_db()
    assert signup.checked_in_at == at(7, 45) and str(signup.hours) == "4.25"


def test_the_qr_page_of_another_post_says_where_the_shift_is(roster, day_plan, client_for):
    client = client_for(roster["vol_user"])
    wrong = actions.post_token(roster["exit"])
    signup = SignUp.objects.get(shift=day_plan[0], volunteer=roster["vol"])
    with clock.frozen(at(8)):
        page = client.get("/volunteers/checkin/?" + urlencode({"t": wrong})).content.decode()
        assert "海门东高速道口" in page and "大石村卡口" in page and 'data-checkin="in"' not in page
        client.post("/volunteers/checkin/", {"t": wrong, "signup": signup.pk, "op": "in"})
        bad = client.get("/volunteers/checkin/?t=forged").content.decode()
        assert "checkin-refusal" in bad
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_the_leader_opens_their_team_only(roster, day_plan, client_for):
    client = client_for(roster["leader"])
    page = client.get(f"/volunteers/teams/{roster['team'].pk}/").content.decode()
    assert roster["elder"].name in page and "74" in page
    assert client.get(f"/volunteers/teams/{roster['other_team'].pk}/").status_code == 403
    assert client.get("/volunteers/shifts/plan/").status_code == 200


def test_the_cadres_pages_and_exports(roster, day_plan, client_for):
    client = client_for(roster["village_cadre"])
    gate, _exit = day_plan
    urls = ["/volunteers/shifts/", f"/volunteers/shifts/{gate.pk}/", "/volunteers/teams/",
            f"/volunteers/teams/{roster['team'].pk}/", "/volunteers/people/", f"/volunteers/people/{roster['vol'].pk}/",
            "/volunteers/posts/", f"/volunteers/posts/{roster['gate'].pk}/",
            f"/volunteers/posts/{roster['gate'].pk}/qr/",
            "/volunteers/hours/", "/volunteers/attendance/", "/volunteers/no-shows/", "/volunteers/deployments/",
            "/volunteers/deployments/report/", f"/volunteers/figures/?date={DAY}", "/volunteers/shifts/plan/",
            "/volunteers/posts/add/", "/volunteers/teams/add/"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    # the poster carries the code that checks in at this post
    poster = client.get(f"/volunteers/posts/{roster['gate'].pk}/qr/")
    assert actions.post_from_token(poster.context["token"]) == roster["gate"]
    export = client.get("/volunteers/people/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 5 and roster["vol"].id_number not in str(rows)  # masked
    # another town's cadre finds none of it
    far = client_for(make_user("far", Role.VILLAGE_CADRE, roster["stranger"].region))
    for url in (f"/volunteers/shifts/{gate.pk}/", f"/volunteers/teams/{roster['team'].pk}/",
                f"/volunteers/people/{roster['vol'].pk}/", f"/volunteers/posts/{roster['gate'].pk}/qr/"):
        assert far.get(url).status_code == 404, url


def test_the_figures_page_and_the_indicators_agree(roster, day_plan, client_for):
    gate, _exit = day_plan
    signup = SignUp.objects.get(shift=gate, volunteer=roster["vol"])
    token = actions.post_token(roster["gate"])
    with clock.frozen(at(8)):
        actions.do_check_in(roster["vol_user"], signup, token=token)
    with clock.frozen(at(16)):
        actions.do_check_out(roster["vol_user"], signup, token=token)
    with clock.frozen(at(12, days=1)):
        page = client_for(roster["village_cadre"]).get(f"/volunteers/figures/?date={DAY}")
        totals = page.context["totals"]
        assert (totals["needed"], totals["filled"], totals["no_shows"]) == (5, 4, 3)
        district = roster["village"].code[:6]
        village = roster["village"].code
        assert evaluate(get("volunteers.places_needed"), district, DAY, 12) == {village: 5.0}
        assert evaluate(get("volunteers.places_filled"), district, DAY, 12) == {village: 4.0}
        assert evaluate(get("volunteers.no_shows"), district, DAY, 12) == {village: 3.0}
        assert evaluate(get("volunteers.hours"), district, DAY, 12) == {village: 8.0}
        assert [t.name for t in page.context["teams"]] == [roster["team"].name]
        assert page.context["teams"][0].n_hours == 8


def test_a_cadre_adds_a_post_at_a_checkpoint_which_gives_its_region(roster, district, client_for):
    from wangge.checkpoints.models import Checkpoint
    from wangge.volunteers.models import Post

    checkpoint = Checkpoint.objects.create(code="HM-G40-01", name="G40海门东出口", kind="highway",
                                           region=district["grid_a"])
    client = client_for(roster["village_cadre"])
    answer = client.post("/volunteers/posts/add/", {"name": "G40出口岗", "kind": "checkpoint",
                                                    "checkpoint": checkpoint.pk, "headcount": 4, "active": "on"})
    post = Post.objects.get(name="G40出口岗")
    assert answer.status_code == 302 and post.region == district["grid_a"] and post.checkpoint == checkpoint
    # a region outside the jurisdiction is refused on the field
    refused = client.post("/volunteers/posts/add/", {"name": "外村岗", "kind": "other", "headcount": 2,
                                                     "region": district["grid_c"].pk})
    assert refused.status_code == 200 and not Post.objects.filter(name="外村岗").exists()
